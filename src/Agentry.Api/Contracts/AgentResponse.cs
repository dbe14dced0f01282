namespace Agentry.Api.Contracts;

/// <summary>One entry of <c>GET /v1/agents</c>.</summary>
public sealed record AgentResponse(string Name, string Description, string Provider, string Model, IReadOnlyList<string> Tools, int MaxTokens, int MaxIterations);
