using Agentry.Providers.Simulator;

namespace Agentry.Simulator;

/// <summary>
/// A parsed <c>POST /v1/messages</c> body: what the engine needs plus what only the wire needs, including the
/// prompt-cache breakpoints the client placed with <c>cache_control</c>.
/// </summary>
internal sealed record AnthropicWireRequest(string Model, bool Stream, bool SimulateCache, SimulatorRequest Request, IReadOnlyList<CacheBreakpoint> Breakpoints);
