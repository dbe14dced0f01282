namespace Agentry.Providers;

/// <summary>Values of an agent's <c>Provider</c> setting.</summary>
public static class ProviderNames
{
    /// <summary>Anthropic when a key is configured, else the simulator.</summary>
    public const string Auto = "auto";

    public const string Anthropic = "anthropic";

    public const string OpenAi = "openai";

    public const string Simulator = "simulator";

    public static readonly IReadOnlyCollection<string> All = [Auto, Anthropic, OpenAi, Simulator];
}
