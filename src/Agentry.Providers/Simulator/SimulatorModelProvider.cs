using Agentry.Core.Pipeline;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Agentry.Providers.Simulator;

/// <summary>The built-in offline model: no key, no network, deterministic answers priced as the model it stands in for.</summary>
internal sealed class SimulatorModelProvider(IOptions<SimulatorOptions> options, TimeProvider time) : IModelProvider
{
    public bool IsConfigured => true;

    public IChatClient CreateClient(string model) => new SimulatorChatClient(options.Value, time, model);
}
