using Agentry.Core.Security;
using Agentry.Testing.Conformance;

namespace Agentry.Core.Tests.Security;

public sealed class InMemoryApiKeyStoreTests : ApiKeyStoreConformanceTests
{
    protected override IApiKeyStore CreateStore() => new InMemoryApiKeyStore();
}
