using Microsoft.Extensions.AI;

namespace Agentry.Core.Resilience;

/// <summary>One model an agent may use, in the order it is tried, with its own resilient client.</summary>
public sealed record ModelRoute(string Provider, string Model, IChatClient Client);
