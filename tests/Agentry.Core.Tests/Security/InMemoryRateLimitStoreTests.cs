using Agentry.Core.Security;
using Agentry.Testing.Conformance;

namespace Agentry.Core.Tests.Security;

public sealed class InMemoryRateLimitStoreTests : RateLimitStoreConformanceTests
{
    protected override IRateLimitStore CreateStore() => new InMemoryRateLimitStore();
}
