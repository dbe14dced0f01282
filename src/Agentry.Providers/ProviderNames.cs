namespace Agentry.Providers;

/// <summary>The names the providers of this project register under, the values of an agent's <c>Provider</c> setting.</summary>
public static class ProviderNames
{
    public const string Anthropic = "anthropic";

    public const string OpenAi = "openai";

    public const string Simulator = "simulator";
}
