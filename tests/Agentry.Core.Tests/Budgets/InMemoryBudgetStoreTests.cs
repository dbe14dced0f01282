using Agentry.Core.Budgets;
using Agentry.Testing.Conformance;

namespace Agentry.Core.Tests.Budgets;

public sealed class InMemoryBudgetStoreTests : BudgetStoreConformanceTests
{
    protected override IBudgetStore CreateStore() => new InMemoryBudgetStore();
}
