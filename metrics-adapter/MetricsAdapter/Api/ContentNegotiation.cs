namespace KernelTruth.MetricsAdapter.Api;

/// <summary>
/// We answer JSON only. A client that accepts plain JSON (application/json, application/*, */*,
/// or no Accept header) gets it. One that asks only for aggregated discovery
/// (<c>application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList</c>) or only protobuf
/// gets 406: answering an APIGroupList to an aggregated-discovery request is what left namespaces
/// stuck Terminating on 1.27 (kubernetes/kubernetes#119662); 406 makes the aggregator fall back to
/// legacy discovery.
/// </summary>
internal static class ContentNegotiation
{
    /// <returns>null when JSON may be sent, else why not.</returns>
    public static string? Refusal(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return null;
        }

        bool aggregated = false;
        foreach (string range in accept.Split(','))
        {
            var parts = range.Split(';');
            string type = parts[0].Trim();
            bool typeFits = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                || type == "*/*";
            if (!typeFits)
            {
                continue;
            }

            // A profile (g=…;v=…;as=…) asks for another document than the plain one; q=0 refuses the type.
            bool profiled = false, refused = false;
            foreach (string p in parts.Skip(1))
            {
                string param = p.Trim();
                if (param.StartsWith("as=", StringComparison.OrdinalIgnoreCase) || param.StartsWith("g=", StringComparison.OrdinalIgnoreCase))
                {
                    profiled = true;
                }
                else if (param is "q=0" or "q=0.0" or "q=0.00" or "q=0.000")
                {
                    refused = true;
                }
            }

            if (profiled)
            {
                aggregated = true;
            }
            else if (!refused)
            {
                return null;
            }
        }

        return aggregated
            ? "aggregated discovery (APIGroupDiscoveryList) is not served; ask for application/json"
            : $"only application/json is served; Accept was '{(accept.Length > 200 ? accept[..200] + "…" : accept)}'";
    }
}
