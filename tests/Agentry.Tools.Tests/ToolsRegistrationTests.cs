using System.Text.Json;
using Agentry.Core;
using Agentry.Core.Tools;
using Agentry.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Tools.Tests;

/// <summary>What each tool source's <c>Add…</c> puts in the container, resolved and used.</summary>
public sealed class ToolsRegistrationTests
{
    [Fact]
    public async Task AddBuiltInTools_RegistersASourceOfTheCalculatorAndTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 23, 30, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        new AgentryBuilder(services, new ConfigurationBuilder().Build()).AddBuiltInTools();
        using ServiceProvider provider = services.BuildServiceProvider();

        IToolSource source = Assert.Single(provider.GetServices<IToolSource>());
        var registry = new ToolRegistry([source]);
        Assert.True(registry.TryGet("calculator", out RegisteredTool calculator));
        Assert.True(registry.TryGet("current_time", out RegisteredTool clock));
        object? product = await calculator.Function.InvokeAsync(new AIFunctionArguments { ["expression"] = "17 * 23" });
        object? tokyo = await clock.Function.InvokeAsync(new AIFunctionArguments { ["timezone"] = JsonSerializer.SerializeToElement("Asia/Tokyo") });

        Assert.Equal(["calculator", "current_time"], source.ToolNames.Order(StringComparer.Ordinal));
        Assert.True(source.Claims("calculator"));
        Assert.False(source.Claims("shell"));
        Assert.Equal("391", product?.ToString());
        Assert.Equal("2026-12-08T08:30:00+09:00", tokyo?.ToString());
        Assert.Null(calculator.Schema.Validate(JsonSerializer.SerializeToElement(new { expression = "1 + 1" })));
        Assert.NotNull(calculator.Schema.Validate(JsonSerializer.SerializeToElement(new { expr = "1 + 1" })));
    }
}
