using Agentry.Core.Pipeline;
using global::Anthropic;
using global::Anthropic.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Agentry.Providers.Anthropic;

/// <summary>
/// Claude, through the official SDK's <see cref="IChatClient"/> (with <see cref="AnthropicAdapterChatClient"/>) or the
/// hand-written Messages client (<c>Providers:Anthropic:Client=direct</c>); the SDK's retries off.
/// </summary>
internal sealed class AnthropicModelProvider : IModelProvider
{
    private const string DefaultBaseUrl = "https://api.anthropic.com";

    private readonly AnthropicOptions _options;
    private readonly ProviderHttp _http;
    private readonly TimeProvider _time;
    private readonly Lazy<string?> _key;

    public AnthropicModelProvider(IOptions<AnthropicOptions> options, ProviderHttp http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _http = http;
        _time = time;
        _key = new(() => SecretSource.Resolve(_options.ApiKey, _options.ApiKeyFile, "ANTHROPIC_API_KEY"));
    }

    public bool IsConfigured => _key.Value is not null;

    public IChatClient CreateClient(string model)
    {
        string key = _key.Value
            ?? throw new InvalidOperationException("An agent uses provider 'anthropic' but no key is configured: set ANTHROPIC_API_KEY, Providers:Anthropic:ApiKey or Providers:Anthropic:ApiKeyFile.");
        string? baseUrl = _options.BaseUrl?.ToString().TrimEnd('/') ?? Environment.GetEnvironmentVariable("ANTHROPIC_BASE_URL");
        if (_options.Client == AnthropicOptions.DirectClient)
        {
            return new AnthropicMessagesChatClient(_http.Client, new Uri(string.IsNullOrWhiteSpace(baseUrl) ? DefaultBaseUrl : baseUrl), key, model, _options.Timeout, _time);
        }

        var client = new ClientOptions { ApiKey = key, MaxRetries = 0, Timeout = _options.Timeout, HttpClient = _http.Client };
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            client.BaseUrl = baseUrl;
        }

        return new AnthropicAdapterChatClient(new AnthropicClient(client).AsIChatClient(model));
    }
}
