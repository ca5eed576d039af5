using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// A small in-process job: one launch, three warm-up and nine measured iterations of about a
// quarter of a second. In-process, so no generated project has to restore or build; the whole
// suite runs in about two minutes on two cores. Nine iterations rather than ShortRun's three,
// so the median stays readable on a machine that other work shares. Pass BenchmarkDotNet
// options to narrow it, e.g. --filter '*SignInCrypto*'.
var config = DefaultConfig.Instance
    .AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(9)
        .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
        .WithId("SmallInProcess"))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);

BenchmarkSwitcher.FromAssembly(typeof(Micro.SignInCrypto).Assembly)
    .Run(args.Length == 0 ? ["--filter", "*"] : args, config);
