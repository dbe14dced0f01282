namespace Agentry.Api.Tests.Support;

/// <summary>Tests that must not overlap with any other test of the assembly.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedTestGroup
{
    public const string Name = "isolated";
}
