namespace Agentry.Deployment.Tests.Support;

/// <summary>What a finished command printed and returned.</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public string Output => $"$ {Command}\n(exit {ExitCode})\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    /// <summary>Fails the test, showing everything the command printed, unless it exited 0.</summary>
    public CommandResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, Output);
        return this;
    }
}
