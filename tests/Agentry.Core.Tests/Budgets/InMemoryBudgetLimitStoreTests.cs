using Agentry.Core.Budgets;
using Agentry.Testing.Conformance;

namespace Agentry.Core.Tests.Budgets;

public sealed class InMemoryBudgetLimitStoreTests : BudgetLimitStoreConformanceTests
{
    protected override IBudgetLimitStore CreateStore() => new InMemoryBudgetLimitStore();
}
