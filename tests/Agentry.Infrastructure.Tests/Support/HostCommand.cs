using System.Diagnostics;

namespace Agentry.Infrastructure.Tests.Support;

/// <summary>
/// Runs the command-line checkers the suite relies on (kubectl, docker-compose, yamllint, dotnet). A missing tool
/// fails the test with what to install; it never skips.
/// </summary>
internal static class HostCommand
{
    private static readonly Dictionary<string, string> Packages = new(StringComparer.Ordinal)
    {
        ["kubectl"] = "the Debian package kubectl (scripts/test.sh installs it)",
        ["docker-compose"] = "the Debian package docker-compose (scripts/test.sh installs it)",
        ["yamllint"] = "the Debian package yamllint (scripts/test.sh installs it)",
        ["promtool"] = "the Debian package prometheus (scripts/test.sh installs it)",
        ["prometheus"] = "the Debian package prometheus (scripts/test.sh installs it)",
        ["shellcheck"] = "the Debian package shellcheck (scripts/test.sh installs it)",
        ["redis-cli"] = "the Debian package redis-tools (scripts/test.sh installs it)",
        ["curl"] = "the Debian package curl (scripts/test.sh installs it)",
        ["tar"] = "the Debian package tar",
        ["node"] = "Node.js 20 or later (the Debian package nodejs; scripts/test.sh installs it)",
        ["npm"] = "npm (the Debian package npm; scripts/test.sh installs it)",
        ["terraform"] = "Terraform 1.11 or later from HashiCorp (not packaged by Debian): see infrastructure/terraform/README.md",
        ["bash"] = "bash",
        ["dotnet"] = "the .NET 10 SDK",
        ["kill"] = "procps (kill)",
        ["git"] = "git",
        ["/bin/sh"] = "a POSIX shell",
    };

    public static string Require(string command)
    {
        string? found = Find(command);
        Assert.True(found is not null, $"`{command}` is not on PATH: install {Packages.GetValueOrDefault(command, command)}.");
        return found!;
    }

    public static ToolResult Run(
        string command,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Require(command))
        {
            WorkingDirectory = workingDirectory ?? RepositoryLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        ApplyEnvironment(start, environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"`{command} {string.Join(' ', start.ArgumentList)}` did not finish within {timeout ?? TimeSpan.FromMinutes(2)}.");
        }

        process.WaitForExit();
        return new ToolResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// A child dotnet started from inside a test host must not inherit the host's MSBuild and test-platform
    /// variables (they point at the running SDK's internals), and must leave no build servers behind.
    /// </summary>
    public static void ApplyEnvironment(ProcessStartInfo start, IReadOnlyDictionary<string, string?>? environment)
    {
        ArgumentNullException.ThrowIfNull(start);
        foreach (string key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("COMPOSE_", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach ((string key, string? value) in environment)
            {
                start.Environment[key] = value;
            }
        }
    }

    private static string? Find(string command)
    {
        if (Path.IsPathRooted(command))
        {
            return File.Exists(command) ? command : null;
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(File.Exists);
    }
}
