using Agentry.Providers.Simulator;

namespace Agentry.Simulator;

/// <summary>A parsed <c>POST /v1/messages</c> body: what the engine needs plus what only the wire needs.</summary>
internal sealed record AnthropicWireRequest(string Model, bool Stream, bool SimulateCache, SimulatorRequest Request);
