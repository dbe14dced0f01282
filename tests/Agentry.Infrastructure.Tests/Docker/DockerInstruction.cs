namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>One Dockerfile instruction, continuation lines joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}
