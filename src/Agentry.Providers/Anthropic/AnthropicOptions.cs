using System.ComponentModel.DataAnnotations;

namespace Agentry.Providers.Anthropic;

/// <summary>
/// The <c>Providers:Anthropic</c> configuration section. The key comes from <see cref="ApiKey"/>, else the
/// file at <see cref="ApiKeyFile"/> (a mounted secret), else the <c>ANTHROPIC_API_KEY</c> variable.
/// </summary>
public sealed class AnthropicOptions
{
    public const string SectionName = "Providers:Anthropic";

    /// <summary>The official Anthropic SDK through its <c>IChatClient</c> adapter (the default).</summary>
    public const string SdkClient = "sdk";

    /// <summary>The hand-written Messages API client (<see cref="AnthropicMessagesChatClient"/>).</summary>
    public const string DirectClient = "direct";

    public string? ApiKey { get; set; }

    public string? ApiKeyFile { get; set; }

    /// <summary>Defaults to <c>ANTHROPIC_BASE_URL</c>, else the public API.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Limit of one HTTP call to the API.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Which client calls the API: <c>sdk</c> (default) or <c>direct</c>.</summary>
    [AllowedValues(SdkClient, DirectClient, ErrorMessage = "Providers:Anthropic:Client must be 'sdk' or 'direct'.")]
    public string Client { get; set; } = SdkClient;
}
