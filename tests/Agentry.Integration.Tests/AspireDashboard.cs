using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Integration.Tests;

/// <summary>
/// The standalone Aspire dashboard (NuGet <c>Aspire.Dashboard.Sdk.linux-x64</c>, downloaded by the build): a real OTLP
/// receiver on free loopback ports, anonymous, whose telemetry API (<c>/api/telemetry/spans</c>, <c>/logs</c>,
/// <c>/resources</c>) reads back what it received.
/// </summary>
internal sealed class AspireDashboard : IAsyncDisposable
{
    private readonly LocalServer _server;

    private AspireDashboard(LocalServer server, Uri otlpHttp)
    {
        _server = server;
        OtlpHttpEndpoint = otlpHttp;
    }

    /// <summary>The OTLP/HTTP endpoint, as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> takes it.</summary>
    public Uri OtlpHttpEndpoint { get; }

    public static async Task<AspireDashboard> StartAsync()
    {
        string program = typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AspireDashboard").Value!;
        if (!File.Exists(program))
        {
            throw new InvalidOperationException(
                $"{program} does not exist: restore tests/Agentry.Integration.Tests (dotnet restore), which downloads the NuGet package Aspire.Dashboard.Sdk.linux-x64.");
        }

        int port = FreePort.Next();
        var otlpHttp = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        LocalServer server = await LocalServer.StartProgramAsync(program, port, _ => [], "/api/telemetry/resources", directory => new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = otlpHttp.ToString(),
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
            ["ASPIRE_DASHBOARD_API_ENABLED"] = "true",
            ["DOTNET_ENVIRONMENT"] = "Production",
            // Its telemetry store goes in the server's own folder, removed with it.
            ["TMPDIR"] = directory,
        });
        return new AspireDashboard(server, otlpHttp);
    }

    /// <summary>One page of a telemetry API path (OTLP JSON, as <c>/api/telemetry/spans</c> and <c>/logs</c> answer).</summary>
    public async Task<JsonElement> ReadAsync(string path)
    {
        using HttpResponseMessage response = await _server.Http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await JsonHttp.ReadAsync(response);
    }

    /// <summary>Waits until <paramref name="path"/> answers with something <paramref name="found"/> accepts.</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> found, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        JsonElement last = default;
        while (deadline.Elapsed < timeout)
        {
            last = await ReadAsync(path);
            if (found(last))
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{path} did not show what was awaited within {timeout.TotalSeconds:0} s; last answer: {last}");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
