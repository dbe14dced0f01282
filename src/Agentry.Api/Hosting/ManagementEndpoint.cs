using Microsoft.AspNetCore.Connections.Features;

namespace Agentry.Api.Hosting;

/// <summary>
/// Keeps the two listeners apart: connections accepted by the Kestrel endpoint named <c>Management</c> are
/// marked, endpoints carrying <see cref="Marker"/> answer only there, and every other endpoint only elsewhere.
/// A mismatch is a plain 404, so the public port does not even reveal that /metrics exists.
/// </summary>
internal static class ManagementEndpoint
{
    public const string KestrelEndpointName = "Management";
    public const string ApiKestrelEndpointName = "Api";

    /// <summary>Endpoint metadata of management-only routes.</summary>
    public static readonly object Marker = new ManagementOnlyMetadata();

    private const string ConnectionItemKey = "agentry.management";

    public static TBuilder ManagementOnly<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(Marker);
        return builder;
    }

    public static void MarkConnections(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen) =>
        listen.Use(next => connection =>
        {
            connection.Items[ConnectionItemKey] = true;
            return next(connection);
        });

    /// <summary>Middleware placed after routing: drops the matched endpoint when it is on the wrong listener.</summary>
    public static IApplicationBuilder UseManagementPortSplit(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            Endpoint? endpoint = context.GetEndpoint();
            if (endpoint is not null)
            {
                bool onManagementListener = context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionItemKey) == true;
                bool managementEndpoint = endpoint.Metadata.GetMetadata<ManagementOnlyMetadata>() is not null;
                if (onManagementListener != managementEndpoint)
                {
                    context.SetEndpoint(null);
                }
            }

            return next(context);
        });

    private sealed class ManagementOnlyMetadata;
}
