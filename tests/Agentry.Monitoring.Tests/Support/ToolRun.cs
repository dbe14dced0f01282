namespace Agentry.Monitoring.Tests.Support;

/// <summary>How an external command ended: its exit code and everything it wrote.</summary>
internal sealed record ToolRun(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}
