namespace Agentry.Api.Contracts;

public sealed record AgentListResponse(IReadOnlyList<AgentResponse> Agents);
