using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Agentry.Api.Contracts;

/// <summary>Source-generated JSON for every contract: snake_case, no reflection on the request path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RunRequestBody))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(CreateSessionBody))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(RunStartedData))]
[JsonSerializable(typeof(TextDeltaData))]
[JsonSerializable(typeof(ToolCallData))]
[JsonSerializable(typeof(ToolCallResponse))]
[JsonSerializable(typeof(UsageData))]
[JsonSerializable(typeof(ErrorData))]
[JsonSerializable(typeof(UsageReport))]
[JsonSerializable(typeof(CreateApiKeyBody))]
[JsonSerializable(typeof(ApiKeyResponse))]
[JsonSerializable(typeof(ApiKeyListResponse))]
[JsonSerializable(typeof(AdminUsageResponse))]
[JsonSerializable(typeof(SetBudgetBody))]
[JsonSerializable(typeof(TenantBudgetResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
