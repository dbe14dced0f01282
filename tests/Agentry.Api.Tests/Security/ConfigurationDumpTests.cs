using Agentry.Api.Hosting;

namespace Agentry.Api.Tests.Security;

public sealed class ConfigurationDumpTests
{
    [Theory]
    [InlineData("Providers:Anthropic:ApiKey", "sk-ant-api03-secret", "***")]
    [InlineData("Providers:OpenAi:ApiKey", "sk-secret", "***")]
    [InlineData("Security:ApiKeys:abc:Sha256", "00ff", "***")]
    [InlineData("Grafana:AdminPassword", "hunter2", "***")]
    [InlineData("ConnectionStrings:Redis", "redis:6379,password=hunter2,ssl=true", "redis:6379,password=***,ssl=true")]
    [InlineData("ConnectionStrings:Db", "Host=x;Pwd=hunter2;User=y", "Host=x;Pwd=***;User=y")]
    [InlineData("Providers:Anthropic:ApiKeyFile", "/run/secrets/anthropic-api-key", "/run/secrets/anthropic-api-key")]
    [InlineData("Agents:assistant:Model", "claude-sonnet-4-5", "claude-sonnet-4-5")]
    [InlineData("Providers:Anthropic:ApiKey", "", "")]
    public void Redact_HidesSecretValuesOnly(string key, string value, string shown) =>
        Assert.Equal(shown, ConfigurationDump.Redact(key, value));
}
