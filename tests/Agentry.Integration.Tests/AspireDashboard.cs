using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Integration.Tests;

/// <summary>
/// The standalone Aspire dashboard (NuGet <c>Aspire.Dashboard.Sdk.linux-x64</c>, downloaded by the build): a real OTLP
/// receiver on free loopback ports, anonymous, whose telemetry API (<c>/api/telemetry/spans</c>, <c>/logs</c>,
/// <c>/resources</c>) reads back what it received. Stopped by its PID.
/// </summary>
internal sealed class AspireDashboard : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AspireDashboard(Process process, Uri api, Uri otlpHttp)
    {
        _process = process;
        Api = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        OtlpHttpEndpoint = otlpHttp;
    }

    public HttpClient Api { get; }

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

        var api = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var otlpHttp = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["ASPNETCORE_URLS"] = api.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = otlpHttp.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["ASPIRE_DASHBOARD_API_ENABLED"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start };
        var dashboard = new AspireDashboard(process, api, otlpHttp);
        process.OutputDataReceived += (_, e) => dashboard.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => dashboard.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Aspire dashboard exited with {process.ExitCode}:\n{string.Join('\n', dashboard._output)}");
            }

            try
            {
                using HttpResponseMessage resources = await dashboard.Api.GetAsync("/api/telemetry/resources");
                if (resources.IsSuccessStatusCode)
                {
                    return dashboard;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                await dashboard.DisposeAsync();
                throw new TimeoutException($"The Aspire dashboard did not answer within 30 s:\n{string.Join('\n', dashboard._output)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>One page of a telemetry API path (OTLP JSON, as <c>/api/telemetry/spans</c> and <c>/logs</c> answer).</summary>
    public async Task<JsonElement> ReadAsync(string path)
    {
        using HttpResponseMessage response = await Api.GetAsync(path);
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

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (!_process.HasExited)
        {
            using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
