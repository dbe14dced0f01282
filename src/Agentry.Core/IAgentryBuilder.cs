using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Core;

/// <summary>
/// What <c>AddAgentry</c> returns: each capability is one call on it (<c>AddAnthropic()</c>, <c>AddBuiltInTools()</c>,
/// <c>AddRedisStores()</c>, …), each defined beside the capability it adds.
/// </summary>
public interface IAgentryBuilder
{
    IServiceCollection Services { get; }

    /// <summary>The configuration the capabilities bind their settings from.</summary>
    IConfiguration Configuration { get; }
}
