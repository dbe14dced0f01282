using System.Collections.Concurrent;
using System.Diagnostics;

namespace Agentry.Testing;

/// <summary>
/// The built service as a separate OS process (<c>dotnet Agentry.Api.dll</c>) on free loopback ports, with its
/// stdout captured line by line. Stopped by its PID.
/// </summary>
public sealed class AgentryProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AgentryProcess(Process process, Uri api, Uri management)
    {
        _process = process;
        Api = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        Management = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Api { get; }

    public HttpClient Management { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static async Task<AgentryProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var api = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var management = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(RepositoryPaths.ApiAssembly);
        start.Environment["Kestrel__Endpoints__Api__Url"] = api.ToString();
        start.Environment["Kestrel__Endpoints__Management__Url"] = management.ToString();
        start.Environment["Agents__assistant__Provider"] = "simulator";
        // Development with no keys: anonymous loopback callers. Security tests set keys and Production.
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment.Remove("ANTHROPIC_API_KEY");
        foreach ((string key, string value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var agentry = new AgentryProcess(process, api, management);
        process.OutputDataReceived += (_, e) => agentry.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => agentry.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await agentry.WaitUntilReadyAsync();
        return agentry;
    }

    /// <summary>Sends a POSIX signal (SIGTERM = 15) to the process, as Kubernetes does on shutdown.</summary>
    public async Task SignalAsync(int signal)
    {
        using Process kill = Process.Start("kill", [$"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Management.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
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

    private async Task WaitUntilReadyAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Agentry exited with {_process.ExitCode} during start-up:\n{string.Join('\n', _output)}");
            }

            try
            {
                using HttpResponseMessage ready = await Management.GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Agentry was not ready within 60 s:\n{string.Join('\n', _output)}");
    }
}
