namespace Agentry.Providers.OpenAi;

/// <summary>
/// The <c>Providers:OpenAI</c> configuration section, for any OpenAI-compatible server (OpenAI, vLLM,
/// Ollama, llama.cpp). The key comes from <see cref="ApiKey"/>, <see cref="ApiKeyFile"/> or <c>OPENAI_API_KEY</c>.
/// </summary>
public sealed class OpenAiOptions
{
    public const string SectionName = "Providers:OpenAI";

    public string? ApiKey { get; set; }

    public string? ApiKeyFile { get; set; }

    /// <summary>For example http://localhost:11434/v1 for Ollama; defaults to <c>OPENAI_BASE_URL</c>, else OpenAI.</summary>
    public Uri? BaseUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);
}
