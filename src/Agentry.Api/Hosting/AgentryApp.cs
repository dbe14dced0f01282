using System.Reflection;
using Agentry.Api.Contracts;
using Agentry.Api.Endpoints;
using Agentry.Api.Http;
using Agentry.Api.Security;
using Agentry.Core;
using Agentry.Providers;
using Agentry.Redis;
using Agentry.Redis.Connection;
using Agentry.Tools;
using Microsoft.Extensions.Configuration.Json;

namespace Agentry.Api.Hosting;

/// <summary>Builds the whole service; <c>Program</c> runs it and tests start it on loopback ports.</summary>
public static class AgentryApp
{
    private const string DefaultsResource = "Agentry.Api.defaults.json";

    /// <param name="args">Command-line settings.</param>
    /// <param name="replaceServices">Runs after every registration, for hosts (tests) that swap a part, such as the clock.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? replaceServices = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        AddEmbeddedDefaults(builder.Configuration);
        if (builder.Configuration[SecurityOptions.SectionName + ":" + nameof(SecurityOptions.KeysFile)] is { Length: > 0 } keysFile)
        {
            // A mounted secret with more keys: it joins the configuration, it is not copied anywhere.
            if (!File.Exists(keysFile))
            {
                throw new InvalidOperationException(
                    $"Security:KeysFile names '{keysFile}', which does not exist: mount the keys file (a secret made with --new-api-key) there, or leave Security:KeysFile empty.");
            }

            builder.Configuration.AddJsonFile(keysFile, optional: false, reloadOnChange: false);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonLinesConsole();

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;

            // Connection, header and rate limits (Kestrel:Limits:MaxConcurrentConnections, …); the body size is
            // ApiLimits' below.
            context.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue(ApiLimitsOptions.SectionName + ":MaxRequestBodyBytes", new ApiLimitsOptions().MaxRequestBodyBytes);
            kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false)
                .Endpoint(ManagementEndpoint.KestrelEndpointName, endpoint => ManagementEndpoint.MarkConnections(endpoint.ListenOptions));
        });

        IAgentryBuilder agentry = builder.Services.AddAgentry(builder.Configuration)
            .AddAnthropic()
            .AddOpenAiCompatible()
            .AddSimulator()
            .AddBuiltInTools();
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(RedisOptions.ConnectionStringName)))
        {
            agentry.AddRedisStores();
        }

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Context);
            options.SerializerOptions.Encoder = ApiJson.Encoder;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
        builder.Services.AddOpenApi();
        replaceServices?.Invoke(builder.Services);

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseManagementPortSplit();
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        RateLimitMiddleware limits = app.Services.GetRequiredService<RateLimitMiddleware>();
        app.Use((context, next) => limits.InvokeAsync(context, next));

        app.MapPrometheusScrapingEndpoint("/metrics").ManagementOnly();
        app.MapAgentryHealthEndpoints();
        app.MapConfigurationDump().ManagementOnly();
        app.MapOpenApi();
        RouteGroupBuilder v1 = app.MapGroup("/v1").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        v1.MapAgentEndpoints();
        v1.MapSessionEndpoints();
        v1.MapUsageEndpoints();
        v1.MapAdminEndpoints();
        return app;
    }

    /// <summary>
    /// The defaults travel inside the assembly, so the service runs the same from any working directory;
    /// appsettings files, environment variables and arguments all override them.
    /// </summary>
    private static void AddEmbeddedDefaults(ConfigurationManager configuration)
    {
        Stream defaults = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"Embedded resource {DefaultsResource} is missing.");
        configuration.Sources.Insert(0, new JsonStreamConfigurationSource { Stream = defaults });
    }
}
