using System.Diagnostics;
using System.Text;
using Agentry.Testing;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>
/// Runs the real checkers (promtool, amtool, yamllint, ...). A missing one fails the test with the Debian package
/// to install (<see cref="ExternalTool.Require"/>); it never skips.
/// </summary>
internal static class ToolRunner
{
    public static async Task<ToolRun> RunAsync(string command, string debianPackage, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(ExternalTool.Require(command, debianPackage))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? MonitoringPaths.Root,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', start.ArgumentList)} did not finish within 3 minutes:\n{output}");
        }

        // The asynchronous readers may still hold the last lines until this returns.
        process.WaitForExit();
        lock (output)
        {
            return new ToolRun(process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
