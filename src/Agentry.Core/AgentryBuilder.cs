using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Core;

/// <inheritdoc cref="IAgentryBuilder"/>
public sealed class AgentryBuilder(IServiceCollection services, IConfiguration configuration) : IAgentryBuilder
{
    public IServiceCollection Services { get; } = services ?? throw new ArgumentNullException(nameof(services));

    public IConfiguration Configuration { get; } = configuration ?? throw new ArgumentNullException(nameof(configuration));
}
