using System.Diagnostics;
using System.Globalization;

namespace Agentry.Bench.Processes;

/// <summary>
/// A process under test (the service, the simulator, redis-server) with its output appended to a log file, as a
/// container runtime would collect it. Stopped by its PID: SIGTERM, then SIGKILL after a grace period.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly Process _process;

    private ChildProcess(Process process, string name, string logFile)
    {
        _process = process;
        Name = name;
        LogFile = logFile;
    }

    public string Name { get; }

    public string LogFile { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logFile, string workingDirectory)
    {
        // The shell replaces itself with the program (exec), so the PID is the program's own and its output
        // goes straight to the file: the generator does not pay for reading it.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$AGENTRY_BENCH_LOG\" 2>&1");
        start.ArgumentList.Add(executable);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string inherited in new[] { "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "ConnectionStrings__Redis" })
        {
            start.Environment.Remove(inherited);
        }

        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["AGENTRY_BENCH_LOG"] = logFile;
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        return new ChildProcess(process, name, logFile);
    }

    public ProcessSnapshot Snapshot() => ProcessSnapshot.Read(Pid);

    /// <summary>
    /// An empty folder to run a process in. ASP.NET Core watches its content root (the working directory) for
    /// changes to appsettings files, recursively: started in a busy folder such as /tmp it spends CPU on every
    /// file written anywhere below it (measured: about 10 % of the service's CPU on this machine). A container's
    /// /app is as quiet as this folder.
    /// </summary>
    public static string QuietDirectory(string parent)
    {
        string directory = Path.Combine(parent, "cwd");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The last lines of the log, to explain a failure.</summary>
    public string LogTail(int lines = 30)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogFile).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (Process kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }

            using var grace = new CancellationTokenSource(StopGrace);
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _process.Dispose();
    }
}
