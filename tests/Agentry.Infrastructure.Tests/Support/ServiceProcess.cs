using System.Collections.Concurrent;
using System.Diagnostics;

namespace Agentry.Infrastructure.Tests.Support;

/// <summary>A server process started by a test: output collected line by line, stopped by its own PID.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> StandardOutput => _stdout.ToArray();

    public string Output => $"--- stdout ---\n{string.Join('\n', _stdout)}\n--- stderr ---\n{string.Join('\n', _stderr)}";

    public static ServiceProcess Start(string[] command, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(command);
        var start = new ProcessStartInfo(HostCommand.Require(command[0]))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        HostCommand.ApplyEnvironment(start, environment);
        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command[0]}."));
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200, the process dies, or the time is up.</summary>
    public async Task WaitUntilOkAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The process exited ({_process.ExitCode}) before {url} answered.\n{Output}");
            }
            try
            {
                using HttpResponseMessage response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer while starting.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{url} did not answer 200 within {timeout}.\n{Output}");
    }

    /// <summary>Sends SIGTERM, as Docker and the kubelet do, and waits for the exit.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        ToolResult kill = HostCommand.Run("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(0, kill.ExitCode);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
