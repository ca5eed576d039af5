using CsCheck;
using Xunit.Abstractions;

namespace App.Tests.Fuzz;

/// <summary>
/// Random and damaged requests to every route, every flow in every state and every ceremony: no answer is a 5xx
/// or shows an exception, every error is in Kratos's shape, no session comes without a genuine ceremony, and the
/// database file is sound afterwards. <c>FUZZ_CASES</c> sets the number of cases (docs/fuzzing.md).
/// </summary>
public sealed class PortalFuzzTests(FuzzWorld world, ITestOutputHelper output) : IClassFixture<FuzzWorld>
{
    private static int Threads => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_THREADS"), out var n) && n > 0 ? n : 4;
    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var n) && n > 0 ? n : 10_000;

    [Fact]
    public async Task No_request_gets_a_5xx_a_leak_a_stray_shape_or_a_session_without_a_ceremony()
    {
        using var runner = new CaseRunner(world);
        Assert.Contains(runner.Routes_, r => r.Pattern == "/self-service/login/browser");
        Assert.Contains(runner.Routes_, r => r.Pattern == "/admin/identities/{id}");
        output.WriteLine($"{runner.Routes_.Count} routes, {world.Flows.Count} flows");
        foreach (var slot in world.Flows) output.WriteLine("  " + slot);

        var before = await DatabaseChecks.SessionIdsAsync(world.Portal);
        world.KnownSessions.UnionWith(before);

        // Shrinking replays cases against a portal whose state moved on; the seed printed on failure replays the run.
        var triage = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        Func<FuzzCase, Task> run = Environment.GetEnvironmentVariable("FUZZ_TRIAGE") is null ? runner.RunAsync : async c =>
        {
            try { await runner.RunAsync(c); }
            catch (FuzzFinding f) { triage.TryAdd(System.Text.RegularExpressions.Regex.Replace(f.Message, "[?:].*", ""), f.Message + "\n    " + c); }
        };
        await FuzzCase.All.SampleAsync(run, output.WriteLine, seed: Environment.GetEnvironmentVariable("FUZZ_SEED"),
            iter: Cases, threads: Threads, print: c => c.ToString());

        foreach (var (_, finding) in triage) output.WriteLine("FINDING " + finding);
        output.WriteLine(runner.Stats);
        // A soak that kept going past a finding still fails on it.
        Assert.True(triage.IsEmpty, $"{triage.Count} kinds of finding; the first: {triage.Values.FirstOrDefault()}");
        var after = await DatabaseChecks.SessionIdsAsync(world.Portal);
        Assert.True(before.IsSubsetOf(after), "sessions went missing during the fuzz");
        var made = after.Count - before.Count;
        var issued = runner.IssuedBeyond(before);
        output.WriteLine($"{made} sessions made by genuine ceremonies, {issued} handed out");
        var strays = after.Except(before).Except(runner.IssuedIds).ToList();
        Assert.True(issued == made, $"{made} sessions made, {issued} handed out; not seen in any answer: "
            + string.Join("; ", await DatabaseChecks.DescribeAsync(world.Portal, strays)));
        Assert.Empty(await DatabaseChecks.ProblemsAsync(world.Portal));
    }
}
