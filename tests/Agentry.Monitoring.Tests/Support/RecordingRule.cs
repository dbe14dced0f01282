namespace Agentry.Monitoring.Tests.Support;

/// <summary>One recording rule: the series name it records and its expression.</summary>
internal sealed record RecordingRule(string Group, string Name, string Expression)
{
    public override string ToString() => Name;
}
