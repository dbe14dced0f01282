namespace Agentry.Infrastructure.Tests.Support;

internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe(string command) =>
        $"`{command}` exited {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
