using System.Diagnostics;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Support;

/// <summary>Runs a command-line program to its end (podman, docker-compose, kubectl, nsenter), killing it on a timeout.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // docker-compose reads COMPOSE_* and DOCKER_* variables: only the ones a test passes count.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("COMPOSE_", StringComparison.Ordinal) || k.StartsWith("DOCKER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        string shown = $"{program} {string.Join(' ', start.ArgumentList)}";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {shown}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        TimeSpan limit = timeout ?? TimeSpan.FromMinutes(2);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"`{shown}` did not finish within {limit}:\n{await stdout}\n{await stderr}");
        }

        return new CommandResult(shown, process.ExitCode, await stdout, await stderr);
    }
}
