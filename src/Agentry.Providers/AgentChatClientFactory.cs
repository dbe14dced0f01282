using System.ClientModel;
using System.ClientModel.Primitives;
using Agentry.Core.Agents;
using Agentry.Providers.Anthropic;
using Agentry.Providers.OpenAi;
using Agentry.Providers.Simulator;
using global::Anthropic;
using global::Anthropic.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Agentry.Providers;

/// <summary>
/// Builds each agent's provider client, with the SDK's own retries off (resilience is ours). The decorators
/// around it are added by <see cref="Agentry.Core.Pipeline.AgentPipeline"/>.
/// </summary>
public sealed class AgentChatClientFactory : IAgentChatClientFactory, IDisposable
{
    private const string DefaultAnthropicBaseUrl = "https://api.anthropic.com";

    private readonly AnthropicOptions _anthropic;
    private readonly OpenAiOptions _openAi;
    private readonly SimulatorOptions _simulator;
    private readonly TimeProvider _time;
    private readonly Lazy<string?> _anthropicKey;
    private readonly Lazy<string?> _openAiKey;
    private readonly Lazy<HttpClient> _http;

    public AgentChatClientFactory(
        IOptions<AnthropicOptions> anthropic,
        IOptions<OpenAiOptions> openAi,
        IOptions<SimulatorOptions> simulator,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(anthropic);
        ArgumentNullException.ThrowIfNull(openAi);
        ArgumentNullException.ThrowIfNull(simulator);
        _anthropic = anthropic.Value;
        _openAi = openAi.Value;
        _simulator = simulator.Value;
        _time = time;
        _anthropicKey = new(() => SecretSource.Resolve(_anthropic.ApiKey, _anthropic.ApiKeyFile, "ANTHROPIC_API_KEY"));
        _openAiKey = new(() => SecretSource.Resolve(_openAi.ApiKey, _openAi.ApiKeyFile, "OPENAI_API_KEY"));
        _http = new(() => new HttpClient(new RetryAfterCaptureHandler(time))
        {
            // Each provider applies its own timeout; this one must not cut a long stream short.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        });
    }

    public IReadOnlyCollection<string> KnownProviders => ProviderNames.All;

    /// <summary>True when an Anthropic key is configured, so <c>auto</c> agents run on Claude.</summary>
    public bool HasAnthropicKey => _anthropicKey.Value is not null;

    public string ResolveProvider(string provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        string name = provider.ToLowerInvariant();
        return name == ProviderNames.Auto ? (HasAnthropicKey ? ProviderNames.Anthropic : ProviderNames.Simulator) : name;
    }

    public IChatClient Create(string provider, string model) => provider switch
    {
        ProviderNames.Anthropic => CreateAnthropic(model),
        ProviderNames.OpenAi => CreateOpenAi(model),
        ProviderNames.Simulator => new SimulatorChatClient(_simulator, _time, model),
        _ => throw new InvalidOperationException($"'{provider}' is not a known provider; use one of {string.Join(", ", ProviderNames.All)}."),
    };

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    private IChatClient CreateAnthropic(string model)
    {
        string key = _anthropicKey.Value
            ?? throw new InvalidOperationException("An agent uses provider 'anthropic' but no key is configured: set ANTHROPIC_API_KEY, Providers:Anthropic:ApiKey or Providers:Anthropic:ApiKeyFile.");
        string? baseUrl = _anthropic.BaseUrl?.ToString().TrimEnd('/') ?? Environment.GetEnvironmentVariable("ANTHROPIC_BASE_URL");
        if (_anthropic.Client == AnthropicOptions.DirectClient)
        {
            return new AnthropicMessagesChatClient(
                _http.Value, new Uri(string.IsNullOrWhiteSpace(baseUrl) ? DefaultAnthropicBaseUrl : baseUrl), key, model, _anthropic.Timeout, _time);
        }

        var options = new ClientOptions
        {
            ApiKey = key,
            MaxRetries = 0,
            Timeout = _anthropic.Timeout,
            HttpClient = _http.Value,
        };
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            options.BaseUrl = baseUrl;
        }

        return new AnthropicAdapterChatClient(new AnthropicClient(options).AsIChatClient(model));
    }

    private OpenAiAdapterChatClient CreateOpenAi(string model)
    {
        string key = _openAiKey.Value ?? "unused";
        string? baseUrl = _openAi.BaseUrl?.ToString() ?? Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        var options = new OpenAIClientOptions
        {
            NetworkTimeout = _openAi.Timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(_http.Value),
        };
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            options.Endpoint = new Uri(baseUrl);
        }

        return new OpenAiAdapterChatClient(new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model).AsIChatClient());
    }
}
