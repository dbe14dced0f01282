using Agentry.Core.Budgets;

namespace Agentry.Testing.Conformance;

/// <summary>The behaviour every <see cref="IBudgetLimitStore"/> must have: a tenant's override is set, read exactly, replaced and removed, and no other tenant sees it.</summary>
public abstract class BudgetLimitStoreConformanceTests
{
    protected abstract IBudgetLimitStore CreateStore();

    private static string NewTenant() => "t" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Get_WithoutOverride_IsNull()
    {
        IBudgetLimitStore store = CreateStore();

        Assert.Null(await store.GetAsync(NewTenant(), default));
    }

    [Fact]
    public async Task Set_ThenGet_KeepsBothLimitsExactly()
    {
        IBudgetLimitStore store = CreateStore();
        string tenant = NewTenant();

        await store.SetAsync(tenant, new BudgetLimits { DailyUsd = 1.25m, MonthlyUsd = 0.000001m }, default);
        BudgetLimits? read = await store.GetAsync(tenant, default);

        Assert.NotNull(read);
        Assert.Equal(1.25m, read.DailyUsd);
        Assert.Equal(0.000001m, read.MonthlyUsd);
    }

    [Fact]
    public async Task Set_ZeroLimits_IsAnOverrideOfNoLimit_NotAbsence()
    {
        IBudgetLimitStore store = CreateStore();
        string tenant = NewTenant();

        await store.SetAsync(tenant, new BudgetLimits { DailyUsd = 0, MonthlyUsd = 0 }, default);
        BudgetLimits? read = await store.GetAsync(tenant, default);

        Assert.NotNull(read);
        Assert.Equal(0m, read.DailyUsd);
        Assert.Equal(0m, read.MonthlyUsd);
    }

    [Fact]
    public async Task Set_Again_ReplacesBothLimits()
    {
        IBudgetLimitStore store = CreateStore();
        string tenant = NewTenant();
        await store.SetAsync(tenant, new BudgetLimits { DailyUsd = 5m, MonthlyUsd = 50m }, default);

        await store.SetAsync(tenant, new BudgetLimits { DailyUsd = 2m, MonthlyUsd = 0m }, default);
        BudgetLimits read = (await store.GetAsync(tenant, default))!;

        Assert.Equal(2m, read.DailyUsd);
        Assert.Equal(0m, read.MonthlyUsd);
    }

    [Fact]
    public async Task Override_IsPerTenant()
    {
        IBudgetLimitStore store = CreateStore();
        string tenant = NewTenant();

        await store.SetAsync(tenant, new BudgetLimits { DailyUsd = 3m }, default);

        Assert.Null(await store.GetAsync(tenant + "x", default));
        Assert.Null(await store.GetAsync(tenant.ToUpperInvariant(), default));
    }

    [Fact]
    public async Task Remove_DeletesTheOverride_Once()
    {
        IBudgetLimitStore store = CreateStore();
        string tenant = NewTenant();
        await store.SetAsync(tenant, new BudgetLimits { DailyUsd = 1m, MonthlyUsd = 10m }, default);

        Assert.True(await store.RemoveAsync(tenant, default));
        Assert.False(await store.RemoveAsync(tenant, default));
        Assert.False(await store.RemoveAsync(NewTenant(), default));
        Assert.Null(await store.GetAsync(tenant, default));
    }

    [Fact]
    public async Task Changing_TheLimitsGivenToSet_DoesNotChangeTheStoredOverride()
    {
        IBudgetLimitStore store = CreateStore();
        string tenant = NewTenant();
        var limits = new BudgetLimits { DailyUsd = 1m, MonthlyUsd = 10m };
        await store.SetAsync(tenant, limits, default);

        limits.DailyUsd = 99m;
        BudgetLimits read = (await store.GetAsync(tenant, default))!;
        read.MonthlyUsd = 99m;

        BudgetLimits again = (await store.GetAsync(tenant, default))!;
        Assert.Equal(1m, again.DailyUsd);
        Assert.Equal(10m, again.MonthlyUsd);
    }
}
