using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Agentry.Testing;

namespace Agentry.Api.Tests.Security;

/// <summary>
/// TLS terminated by Kestrel itself, configured only through settings (a PEM certificate and key, as a mounted
/// secret would provide them): the API answers over HTTPS with HSTS.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task HttpsEndpoint_FromPemSettings_ServesTheApiWithHsts()
    {
        string folder = Directory.CreateTempSubdirectory("agentry-tls-").FullName;
        try
        {
            using RSA rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            string certPath = Path.Combine(folder, "tls.crt");
            string keyPath = Path.Combine(folder, "tls.key");
            await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, rsa.ExportPkcs8PrivateKeyPem());
            var https = new Uri($"https://127.0.0.1:{FreePort.Next()}");

            await using AgentryServer server = await AgentryServer.StartAsync(
                $"--Kestrel:Endpoints:Api:Url={https}",
                $"--Kestrel:Endpoints:Api:Certificate:Path={certPath}",
                $"--Kestrel:Endpoints:Api:Certificate:KeyPath={keyPath}");
            string thumbprint = certificate.Thumbprint;
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
            using var client = new HttpClient(handler) { BaseAddress = https };

            using HttpResponseMessage response = await client.GetAsync("/v1/agents");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
            using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{https.Port}") };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync("/v1/agents"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
