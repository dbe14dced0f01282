using Agentry.Core;
using Agentry.Core.Pipeline;
using Agentry.Providers;
using Agentry.Providers.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agentry.Providers.Tests;

/// <summary>What each provider's <c>Add…</c> puts in the container: a keyed provider, its settings, and its place in <c>auto</c>.</summary>
public sealed class ProviderRegistrationTests
{
    [Fact]
    public void AddEveryProvider_RegistersEachKeyedByItsName()
    {
        using ServiceProvider services = Build([]);

        var providers = new ModelProviders(services.GetServices<ModelProviderRegistration>(), services);

        Assert.Equal(["auto", "anthropic", "openai", "simulator"], providers.Names);
        Assert.IsType<Agentry.Providers.Anthropic.AnthropicModelProvider>(services.GetRequiredKeyedService<IModelProvider>("anthropic"));
        Assert.IsType<SimulatorModelProvider>(services.GetRequiredKeyedService<IModelProvider>("simulator"));
        Assert.True(services.GetRequiredKeyedService<IModelProvider>("openai").IsConfigured);
    }

    [Fact]
    public void Auto_IsTheSimulatorWithoutAKey_AndAnthropicWithOne()
    {
        using ServiceProvider without = Build([]);
        using ServiceProvider with = Build([new("Providers:Anthropic:ApiKey", "sk-ant-placeholder")]);

        Assert.Equal("simulator", new ModelProviders(without.GetServices<ModelProviderRegistration>(), without).Resolve("auto"));
        Assert.Equal("anthropic", new ModelProviders(with.GetServices<ModelProviderRegistration>(), with).Resolve("AUTO"));
        Assert.False(without.GetRequiredKeyedService<IModelProvider>("anthropic").IsConfigured);
    }

    [Fact]
    public async Task AddSimulator_BindsItsSettings_AndItsClientAnswers()
    {
        using ServiceProvider services = Build([new("Simulator:TokensPerSecond", "500")]);

        IChatClient client = services.GetRequiredKeyedService<IModelProvider>("simulator").CreateClient("claude-haiku-4-5");
        ChatResponse answer = await client.GetResponseAsync("What is 17 * 23?", new ChatOptions());

        Assert.Equal(500, services.GetRequiredService<IOptions<SimulatorOptions>>().Value.TokensPerSecond);
        Assert.Equal("claude-haiku-4-5", answer.ModelId);
    }

    private static ServiceProvider Build(KeyValuePair<string, string?>[] settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        new AgentryBuilder(services, configuration).AddAnthropic().AddOpenAiCompatible().AddSimulator();
        return services.BuildServiceProvider();
    }
}
