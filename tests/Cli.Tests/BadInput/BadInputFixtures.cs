using System.Text.Json.Nodes;

namespace KernelTruth.Cli.Tests.BadInput;

/// <summary>
/// The input files the bad-invocation table names ({dir}/NAME): one valid trace, profile list, price file and state
/// file, and each broken in one way. Written fresh into a scratch directory per test run.
/// </summary>
internal static class BadInputFixtures
{
    /// <summary>A valid version-2 trace: one cgroup, 20 periods of 100 ms at 0.5 cores on 2 CPUs, two with records.</summary>
    private const string Trace = """
        {"kind":"CpuTrace","version":2,"node":"n","kernel":"k","startedAtUnixNs":0,"cgroups":[{"path":"/x","id":1,"source":"period-timer","periodUs":100000,"periodCount":20,"quotaUs":50000,"burstUs":0,"cpus":2,"periods":[{"index":0,"usageUs":40000,"throttled":false,"throttledUs":0,"quotaUs":50000},{"index":1,"usageUs":50000,"throttled":true,"throttledUs":10000,"quotaUs":50000}],"gaps":[]}]}
        """;

    private const string Profiles = """
        {"apiVersion":"v1","kind":"List","items":[{"apiVersion":"ktruth.io/v1alpha1","kind":"WorkloadProfile",
          "metadata":{"name":"deployment-web-app","namespace":"shop"},
          "spec":{"targetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"containerName":"app"},
          "status":{"pods":1,"measured":{"usageAverageCores":0.3,"demandCores":{"p50":0.3,"p95":0.4,"p99":0.5},"throttledPeriodsRatio":0},
            "current":{"cpuRequest":"1","memoryRequest":"1Gi"},
            "recommendation":{"cpuRequest":"500m","memoryRequest":"512Mi","confidence":0.9}}}]}
        """;

    public static void Write(string dir)
    {
        File.WriteAllText(Path.Join(dir, "trace.json"), Trace);
        foreach (var (name, from, to) in TraceBreaks)
        {
            if (!Trace.Contains(from, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"fixture {name}: '{from}' is not in the valid trace");
            }

            File.WriteAllText(Path.Join(dir, name), Trace.Replace(from, to, StringComparison.Ordinal));
        }

        File.WriteAllText(Path.Join(dir, "trace-two-cgroups.json"), Trace.Replace("}]}", "},{\"path\":\"/y\",\"id\":2,\"source\":\"window\",\"periodUs\":100000,\"periodCount\":3,\"cpus\":2,\"periods\":[],\"gaps\":[]}]}", StringComparison.Ordinal));
        File.WriteAllText(Path.Join(dir, "trace-truncated.json"), Trace[..(Trace.Length / 2)]);
        File.WriteAllText(Path.Join(dir, "trace-null.json"), "null");
        File.WriteAllText(Path.Join(dir, "empty.txt"), "");
        File.WriteAllBytes(Path.Join(dir, "binary.bin"), [0xff, 0xfe, 0x00, 0x01, 0x80]);

        File.WriteAllText(Path.Join(dir, "profiles.json"), Profiles);
        File.WriteAllText(Path.Join(dir, "profiles-empty.json"), """{"apiVersion":"v1","kind":"List","items":[]}""");
        File.WriteAllText(Path.Join(dir, "profiles-items-null.json"), """{"apiVersion":"v1","kind":"List","items":null}""");
        File.WriteAllText(Path.Join(dir, "profiles-bad-quantity.json"), Profiles.Replace("\"500m\"", "\"lots\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Join(dir, "requests-bad.csv"), "name,cpuRequest,memoryRequest,pods\nweb,abc,1Gi,1\n");
        File.WriteAllText(Path.Join(dir, "requests-negative-pods.csv"), "name,cpuRequest,memoryRequest,pods\nweb,1,1Gi,-3\n");

        File.WriteAllText(Path.Join(dir, "prices-key-list.yaml"), "pools:\n  ? [a, b]\n  : {cpuHour: 1}\n");
        File.WriteAllText(Path.Join(dir, "prices-key-map.yaml"), "? {a: 1}\n: 2\n");
        File.WriteAllText(Path.Join(dir, "prices-negative.yaml"), "default: {cpuHour: -1, gibHour: 0.1}\n");
        File.WriteAllText(Path.Join(dir, "prices-not-a-number.yaml"), "default: {cpuHour: cheap}\n");
        File.WriteAllText(Path.Join(dir, "prices-not-yaml.yaml"), "default: {cpuHour: [\n");
        File.WriteAllText(Path.Join(dir, "prices-unknown-key.yaml"), "discount: 5\n");
        File.WriteAllText(Path.Join(dir, "prices-list.yaml"), "- 1\n- 2\n");
        File.WriteAllText(Path.Join(dir, "prices-pool-scalar.yaml"), "pools: 3\n");
        File.WriteAllText(Path.Join(dir, "prices-huge.yaml"), "hoursPerMonth: 1e400\n");

        string state = File.ReadAllText(Path.Join(AppContext.BaseDirectory, "BadInput", "state.json"));
        File.WriteAllText(Path.Join(dir, "state.json"), state);
        foreach (var (name, edit) in StateBreaks)
        {
            var root = JsonNode.Parse(state)!;
            edit(root);
            File.WriteAllText(Path.Join(dir, name), root.ToJsonString());
        }

        Directory.CreateDirectory(Path.Join(dir, "subdir"));
    }

    /// <summary>Each a one-place change of the valid trace.</summary>
    private static readonly (string Name, string From, string To)[] TraceBreaks =
    [
        ("trace-cgroups-null.json", "\"cgroups\":[{", "\"cgroups\":null,\"x\":[{"),
        ("trace-cgroups-null-entry.json", "\"cgroups\":[{", "\"cgroups\":[null,{"),
        ("trace-periods-null.json", "\"periods\":[{", "\"periods\":null,\"x\":[{"),
        ("trace-periods-null-entry.json", "\"periods\":[{", "\"periods\":[null,{"),
        ("trace-gaps-null.json", "\"gaps\":[]", "\"gaps\":null"),
        ("trace-gaps-null-entry.json", "\"gaps\":[]", "\"gaps\":[null]"),
        ("trace-periodcount-int-max.json", "\"periodCount\":20", "\"periodCount\":2147483647"),
        ("trace-periodcount-3e8.json", "\"periodCount\":20", "\"periodCount\":300000000"),
        ("trace-periodcount-long-max.json", "\"periodCount\":20", "\"periodCount\":9223372036854775807"),
        ("trace-usage-long-max.json", "\"usageUs\":40000", "\"usageUs\":9223372036854775807"),
        ("trace-throttled-long-max.json", "\"throttledUs\":10000", "\"throttledUs\":9223372036854775807"),
        ("trace-usage-negative.json", "\"usageUs\":40000", "\"usageUs\":-1"),
        ("trace-quota-long-max.json", "\"quotaUs\":50000,\"burstUs\"", "\"quotaUs\":9223372036854775807,\"burstUs\""),
        ("trace-burst-negative.json", "\"burstUs\":0", "\"burstUs\":-5"),
        ("trace-period-zero.json", "\"periodUs\":100000", "\"periodUs\":0"),
        ("trace-period-huge.json", "\"periodUs\":100000", "\"periodUs\":9223372036854775807"),
        ("trace-cpus-zero.json", "\"cpus\":2", "\"cpus\":0"),
        ("trace-cpus-huge.json", "\"cpus\":2", "\"cpus\":2147483647"),
        ("trace-index-beyond.json", "\"index\":1,", "\"index\":20,"),
        ("trace-index-descending.json", "\"index\":1,", "\"index\":0,"),
        ("trace-version-99.json", "\"version\":2", "\"version\":99"),
        ("trace-version-0.json", "\"version\":2", "\"version\":0"),
        ("trace-kind-wrong.json", "\"kind\":\"CpuTrace\"", "\"kind\":\"Pod\""),
        ("trace-source-wrong.json", "\"source\":\"period-timer\"", "\"source\":\"guess\""),
        ("trace-cgroups-empty.json", "\"cgroups\":[{", "\"cgroups\":[],\"x\":[{"),
        ("trace-periodcount-string.json", "\"periodCount\":20", "\"periodCount\":\"20\""),
        ("trace-usage-float.json", "\"usageUs\":40000", "\"usageUs\":1e300"),
    ];

    /// <summary>Each a one-place change of the valid state file (a `ktruth watch --state` checkpoint of one workload).</summary>
    private static readonly (string Name, Action<JsonNode> Edit)[] StateBreaks =
    [
        ("state-negative-weight.json", s => s["workloads"]![0]!["model"]!["demandExact"]!["weights"]![0] = -5),
        ("state-negative-total.json", s => s["workloads"]![0]!["model"]!["demandExact"]!["totalWeight"] = -5),
        ("state-negative-periods.json", s => s["workloads"]![0]!["model"]!["periods"] = -39),
        ("state-negative-throttle-periods.json", s => s["workloads"]![0]!["model"]!["throttle"]!["periods"] = -1),
        ("state-negative-limit.json", s => s["workloads"]![0]!["model"]!["limitCores"] = -0.5),
        ("state-negative-peak.json", s => s["workloads"]![0]!["model"]!["memory"]!["currentPeak"] = -1),
        ("state-empty-name.json", s => s["workloads"]![0]!["workload"] = ""),
        ("state-duplicate.json", s => s["workloads"]!.AsArray().Add(s["workloads"]![0]!.DeepClone())),
        ("state-null-entry.json", s => s["workloads"]!.AsArray().Add(null)),
        ("state-null-model.json", s => s["workloads"]![0]!["model"] = null),
        ("state-workloads-null.json", s => s["workloads"] = null),
        ("state-version-9.json", s => s["version"] = 9),
        ("state-model-version-99.json", s => s["workloads"]![0]!["model"]!["version"] = 99),
        ("state-scheme-wrong.json", s => s["workloads"]![0]!["model"]!["demandExact"]!["scheme"] = "lin:1:1"),
        ("state-weights-longer.json", s => s["workloads"]![0]!["model"]!["demandExact"]!["weights"]!.AsArray().Add(1.0)),
    ];
}
