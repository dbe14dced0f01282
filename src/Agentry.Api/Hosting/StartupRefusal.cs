using System.Text.Encodings.Web;
using System.Text.Json;
using Agentry.Core.Agents;

namespace Agentry.Api.Hosting;

/// <summary>
/// Runs the service, refusing to start on a bad or missing setting the way a container runtime understands: one JSON
/// log line that names the setting (the exception's message, no stack) and exit code 1; never an unhandled-exception
/// dump and an abort. Everything that reads settings runs before the host starts: building the configuration (a
/// missing keys file), start-up validation of every options class, and the construction of every hosted service
/// (the agent catalog and its pipelines, the provider keys).
/// </summary>
internal static class StartupRefusal
{
    public const int ExitCode = 1;
    private const string Category = "Agentry.Api.Hosting.StartupRefusal";

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = AgentryApp.Build(args);
        }
#pragma warning disable CA1031 // Any failure here comes from a setting (configuration sources, binding); it is reported, not thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Refuse(ex);
            return ExitCode;
        }

        Exception? refused = null;
        try
        {
            Validate(app.Services);
        }
#pragma warning disable CA1031 // As above: validation and construction read settings only.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            refused = ex;
        }

        if (refused is not null)
        {
            // Disposed first, so the log lines written so far reach stdout before the refusal.
            await app.DisposeAsync().ConfigureAwait(false);
            Refuse(refused);
            return ExitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.RunAsync().ConfigureAwait(false);
                return 0;
            }
            catch (IOException ex)
            {
                // A listener that cannot bind (address in use, permission): the host has logged it; exit cleanly.
                Refuse(ex);
                return ExitCode;
            }
        }
    }

    /// <summary>What the host would do first when it starts, done before it starts.</summary>
    private static void Validate(IServiceProvider services)
    {
        services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        _ = services.GetRequiredService<AgentCatalog>();
        foreach (IHostedService hosted in services.GetServices<IHostedService>())
        {
            _ = hosted;
        }
    }

    private static void Refuse(Exception exception)
    {
        string message = exception switch
        {
            AggregateException all => string.Join(" ", all.InnerExceptions.Select(e => e.Message)),
            InvalidOperationException { InnerException: FormatException or InvalidCastException } binding => $"{binding.Message} {binding.InnerException!.Message}",
            InvalidDataException { InnerException: { } parse } file => $"{file.Message} {parse.Message}",
            _ => exception.Message,
        };
        using Stream stdout = Console.OpenStandardOutput();
        using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", "critical");
            json.WriteString("message", "Start-up refused: " + message);
            json.WriteString("category", Category);
            json.WriteString("event_name", "StartupRefused");
            json.WriteString("exception_type", exception.GetType().FullName);
            json.WriteEndObject();
        }

        stdout.WriteByte((byte)'\n');
        stdout.Flush();
    }
}
