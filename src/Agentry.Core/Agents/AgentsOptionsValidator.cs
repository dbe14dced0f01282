using System.ComponentModel.DataAnnotations;
using Agentry.Core.Tools;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Agents;

/// <summary>Checks every agent definition at start-up; each failure names the setting, e.g. <c>Agents:assistant:MaxTokens</c>.</summary>
public sealed class AgentsOptionsValidator : IValidateOptions<AgentsOptions>
{
    private readonly ToolRegistry _tools;
    private readonly Pipeline.ModelProviders _providers;

    public AgentsOptionsValidator(ToolRegistry tools, Pipeline.ModelProviders providers)
    {
        _tools = tools;
        _providers = providers;
    }

    public ValidateOptionsResult Validate(string? name, AgentsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Agents.Count == 0)
        {
            failures.Add("Agents: no agent is configured.");
        }

        foreach ((string agentName, AgentDefinition agent) in options.Agents)
        {
            string prefix = $"Agents:{agentName}";
            if (!IsValidName(agentName))
            {
                failures.Add($"{prefix}: agent names are 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit.");
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(agent, new ValidationContext(agent), results, validateAllProperties: true);
            foreach (ValidationResult result in results)
            {
                failures.Add($"{prefix}:{string.Join(",", result.MemberNames)}: {result.ErrorMessage}");
            }

            if (!_providers.Names.Contains(agent.Provider, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{prefix}:Provider is '{agent.Provider}'; use one of {string.Join(", ", _providers.Names)}.");
            }

            foreach ((string stage, IList<Moderation.ModerationRuleSetting> rules) in new[] { ("Input", agent.Moderation.Input), ("Output", agent.Moderation.Output) })
            {
                for (int i = 0; i < rules.Count; i++)
                {
                    if (!Moderation.ModerationRules.All.Contains(rules[i].Rule) || !Moderation.ModerationActions.IsKnown(rules[i].Action))
                    {
                        failures.Add($"{prefix}:Moderation:{stage}:{i}: Rule is one of {string.Join(", ", Moderation.ModerationRules.All)} and Action one of block, redact, flag.");
                    }
                }
            }

            if (agent.RunDeadline <= TimeSpan.Zero || agent.RunDeadline > TimeSpan.FromHours(1))
            {
                failures.Add($"{prefix}:RunDeadline must be between 00:00:01 and 01:00:00.");
            }

            if (agent.ToolTimeout <= TimeSpan.Zero || agent.ToolTimeout > agent.RunDeadline)
            {
                failures.Add($"{prefix}:ToolTimeout must be positive and no longer than RunDeadline.");
            }

            foreach (string fallback in agent.FallbackModels)
            {
                int slash = fallback.IndexOf('/', StringComparison.Ordinal);
                if (string.IsNullOrWhiteSpace(fallback) || (slash > 0 && !_providers.Names.Contains(fallback[..slash], StringComparer.OrdinalIgnoreCase) && fallback.Count(c => c == '/') > 1))
                {
                    failures.Add($"{prefix}:FallbackModels has '{fallback}'; write 'model' or 'provider/model' with a provider among {string.Join(", ", _providers.Names)}.");
                }
            }

            foreach (string tool in agent.Tools)
            {
                if (!_tools.IsKnown(tool))
                {
                    failures.Add($"{prefix}:Tools names '{tool}', which is not a registered tool (known: {string.Join(", ", _tools.Names)}).");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64 || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
