using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/OewgDrafting.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(OewgDrafting.Benchmarks.TextBenchmarks).Assembly).Run(args);
