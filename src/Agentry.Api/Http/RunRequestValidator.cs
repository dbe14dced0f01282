using Agentry.Api.Contracts;
using Agentry.Core.Agents;
using Agentry.Core.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agentry.Api.Http;

/// <summary>Checks a run request's values after it parsed; the first problem found is the answer.</summary>
internal static class RunRequestValidator
{
    public static ProblemHttpResult? Validate(RunRequestBody body, ResolvedAgent agent, ApiLimitsOptions limits)
    {
        if (body.Input is null)
        {
            return Problems.BadRequest("'input' is required.", "input");
        }

        if (string.IsNullOrWhiteSpace(body.Input))
        {
            return Problems.BadRequest("'input' must not be empty.", "input");
        }

        if (body.Input.Length > limits.MaxInputChars)
        {
            return Problems.BadRequest($"'input' may be at most {limits.MaxInputChars} characters.", "input");
        }

        if (HasForbiddenControl(body.Input))
        {
            return Problems.BadRequest("'input' contains control characters other than tab, line feed and carriage return.", "input");
        }

        if (body.SessionId is not null && !SessionIds.IsWellFormed(body.SessionId))
        {
            return Problems.BadRequest("'session_id' is not a session id.", "session_id");
        }

        if (body.MaxTokens is { } maxTokens && (maxTokens < 1 || maxTokens > agent.Definition.MaxTokens))
        {
            return Problems.BadRequest($"'max_tokens' must be between 1 and {agent.Definition.MaxTokens} for agent '{agent.Name}'.", "max_tokens");
        }

        if (body.MaxCostUsd is { } maxCost && (maxCost <= 0 || maxCost > 1000))
        {
            return Problems.BadRequest("'max_cost_usd' must be more than 0 and at most 1000.", "max_cost_usd");
        }

        if (body.Metadata is { } metadata)
        {
            if (metadata.Count > limits.MaxMetadataEntries)
            {
                return Problems.BadRequest($"'metadata' may have at most {limits.MaxMetadataEntries} entries.", "metadata");
            }

            foreach ((string key, string value) in metadata)
            {
                if (key.Length is 0 or > 64 || value is null || value.Length > limits.MaxMetadataValueChars || HasForbiddenControl(key) || HasForbiddenControl(value))
                {
                    return Problems.BadRequest($"'metadata' keys are 1 to 64 characters and values at most {limits.MaxMetadataValueChars}, without control characters.", "metadata");
                }
            }
        }

        return null;
    }

    private static bool HasForbiddenControl(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return true;
            }
        }

        return false;
    }
}
