using System.Net;

namespace App.Tests.Fuzz;

/// <summary>The fuzzer's properties catch what they are for: a planted 500, a leaked exception, a stray shape.</summary>
public sealed class ResponsePropertiesTests
{
    private const string KratosError = """{"error":{"code":400,"status":"Bad Request","message":"The request was malformed."}}""";
    private const string Flow = """{"id":"x","type":"browser","state":"choose_method","ui":{"action":"/self-service/login?flow=x","method":"POST","nodes":[]}}""";

    [Theory]
    [InlineData(500, "application/json", """{"error":{"code":500,"status":"Internal Server Error","message":"x"}}""")]
    [InlineData(503, "text/plain", "")]
    [InlineData(400, "application/json", """{"error":{"code":400,"status":"Bad Request","message":"System.InvalidOperationException: Sequence contains no elements"}}""")]
    [InlineData(400, "text/plain", "   at App.SelfService.Flows.FlowEngine.SubmitAsync() in /src/FlowEngine.cs:line 12")]
    [InlineData(400, "application/json", """{"message":"bad"}""")]
    [InlineData(400, "application/json", """{"error":{"code":"400","status":"Bad Request","message":"x"}}""")]
    [InlineData(404, "application/json", KratosError)]
    [InlineData(400, "application/json", "{\"error\":")]
    [InlineData(400, null, "")]
    [InlineData(401, "text/html", "<p>no</p>")]
    [InlineData(200, "application/json", "not json")]
    public void A_planted_failure_is_caught(int status, string? mediaType, string body) =>
        Assert.NotNull(ResponseProperties.Check(status, mediaType, body, isPage: false, isHead: false));

    [Theory]
    [InlineData(400, "application/json", KratosError)]
    [InlineData(400, "application/json", Flow)]
    [InlineData(410, "application/json", """{"error":{"code":410,"status":"Gone","message":"expired","id":"self_service_flow_expired"},"use_flow_id":"y"}""")]
    [InlineData(200, "text/html", "<html></html>")]
    [InlineData(303, null, "")]
    public void A_proper_answer_passes(int status, string? mediaType, string body) =>
        Assert.Null(ResponseProperties.Check(status, mediaType, body, isPage: false, isHead: false));

    [Fact]
    public void A_page_may_answer_a_4xx_in_html()
    {
        Assert.Null(ResponseProperties.Check(404, "text/html", "<html>Not found</html>", isPage: true, isHead: false));
        Assert.NotNull(ResponseProperties.Check(404, "text/html", "<html>System.NullReferenceException</html>\n   at X", isPage: true, isHead: false));
    }

    [Fact]
    public void Only_kestrels_own_refusal_is_left_unjudged()
    {
        using var refused = new HttpResponseMessage(HttpStatusCode.RequestHeaderFieldsTooLarge);
        refused.Headers.ConnectionClose = true;
        Assert.True(CaseRunner.IsProtocolRejection(refused, ""));
        using var kept = new HttpResponseMessage(HttpStatusCode.BadRequest);
        Assert.False(CaseRunner.IsProtocolRejection(kept, ""));
        using var withBody = new HttpResponseMessage(HttpStatusCode.BadRequest);
        withBody.Headers.ConnectionClose = true;
        Assert.False(CaseRunner.IsProtocolRejection(withBody, "oops"));
    }

    [Fact]
    public void Damage_to_a_signed_member_breaks_an_assertion_and_other_damage_does_not()
    {
        const string assertion = """{"id":"AQID","rawId":"AQID","type":"public-key","response":{"clientDataJSON":"eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0","authenticatorData":"AAECAwQF","signature":"MEUCIQ"},"clientExtensionResults":{}}""";
        var flip = new CredentialMutation("response.signature", CredentialDamage.FlipByte, 1, [0x40], null);
        var flipped = flip.Apply(assertion);
        Assert.NotEqual(assertion, flipped);
        Assert.True(flip.BreaksAssertion(assertion, flipped));
        var extension = new CredentialMutation("clientExtensionResults", CredentialDamage.WrongType, 0, [1], null);
        Assert.False(extension.BreaksAssertion(assertion, extension.Apply(assertion)));
        var truncate = new CredentialMutation("response.authenticatorData", CredentialDamage.Truncate, 2, [1], null);
        Assert.True(truncate.BreaksAssertion(assertion, truncate.Apply(assertion)));
    }
}
