using System.Diagnostics;
using System.Text;

namespace Agentry.Testing;

/// <summary>
/// A server program (Prometheus, Alertmanager, redis_exporter, the Aspire dashboard) started for one test on a
/// loopback port, with its own temporary directory; stopped by its PID and cleaned up on dispose.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private LocalServer(Process process, string directory, Uri address)
    {
        _process = process;
        Directory = directory;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public string Directory { get; }

    public int Pid => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="command"/> with the arguments <paramref name="arguments"/> builds from the temporary
    /// directory, then waits until GET <paramref name="readyPath"/> answers 2xx.
    /// </summary>
    public static Task<LocalServer> StartAsync(string command, string debianPackage, int port, Func<string, IEnumerable<string>> arguments, string readyPath) =>
        StartProgramAsync(ExternalTool.Require(command, debianPackage), port, arguments, readyPath);

    /// <summary>
    /// As <see cref="StartAsync"/> for a program at a known path, with environment variables that
    /// <paramref name="environment"/> builds from the temporary directory.
    /// </summary>
    public static async Task<LocalServer> StartProgramAsync(
        string binary, int port, Func<string, IEnumerable<string>> arguments, string readyPath, Func<string, IReadOnlyDictionary<string, string>>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string directory = System.IO.Directory.CreateTempSubdirectory($"agentry-{Path.GetFileName(binary)}-").FullName;
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (string argument in arguments(directory))
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment?.Invoke(directory) ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new LocalServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(readyPath);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying child: the temp folder is cleaned by the OS later.
        }
    }

    private async Task WaitUntilReadyAsync(string readyPath)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with {_process.ExitCode} during start-up:\n{Log}");
            }

            try
            {
                using HttpResponseMessage response = await Http.GetAsync(new Uri(readyPath, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{_process.StartInfo.FileName} was not ready within 60 s:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
