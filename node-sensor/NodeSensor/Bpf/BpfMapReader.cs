using System.Runtime.CompilerServices;
using KernelTruth.NodeSensor.Bpf.Native;

namespace KernelTruth.NodeSensor.Bpf;

/// <summary>
/// Typed reads of loaded maps. Every read first checks the C# types against the kernel's key and
/// value sizes and the per-CPU flag: the kernel writes value_size (× CPUs for per-CPU maps) bytes
/// into our buffer, so a mismatched mirror struct would corrupt memory instead of failing.
/// </summary>
internal static unsafe class BpfMapReader
{
    internal const uint DefaultBatchSize = 256;

    private static readonly Lazy<int> PossibleCpusLazy = new(CountPossibleCpus);

    internal static int PossibleCpus => PossibleCpusLazy.Value;

    internal static BpfMapInfo GetInfo(int fd, string objectName, string mapName)
    {
        BpfMapInfo info = default;
        var length = (uint)sizeof(BpfMapInfo);
        var rc = LibBpf.bpf_obj_get_info_by_fd(fd, &info, &length);
        return rc < 0
            ? throw new BpfStageException(BpfStage.Read, objectName, $"map {mapName}", -rc, "bpf_obj_get_info_by_fd failed")
            : info;
    }

    internal static bool TryLookup<TKey, TValue>(in BpfMapRef map, TKey key, out TValue value)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        RequireLayout<TKey, TValue>(map, perCpu: false);
        TValue result = default;
        var rc = LibBpf.bpf_map_lookup_elem(map.Fd, &key, &result);
        if (rc == -Errno.ENOENT)
        {
            value = default;
            return false;
        }

        if (rc < 0)
        {
            throw map.ReadError(-rc, "bpf_map_lookup_elem failed");
        }

        value = result;
        return true;
    }

    /// <summary>Writes one entry (BPF_ANY).</summary>
    internal static void Update<TKey, TValue>(in BpfMapRef map, TKey key, TValue value)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        RequireLayout<TKey, TValue>(map, perCpu: false);
        var rc = LibBpf.bpf_map_update_elem(map.Fd, &key, &value, 0);
        if (rc < 0)
        {
            throw map.ReadError(-rc, "bpf_map_update_elem failed");
        }
    }

    /// <summary>Pushes onto a queue or stack map (no key).</summary>
    internal static void Push<TValue>(in BpfMapRef map, TValue value)
        where TValue : unmanaged
    {
        if (sizeof(TValue) != map.Info.ValueSize)
        {
            throw map.ReadError(Errno.EINVAL, $"value type {typeof(TValue).Name} is {sizeof(TValue)} bytes but the map's value_size is {map.Info.ValueSize}");
        }

        var rc = LibBpf.bpf_map_update_elem(map.Fd, null, &value, 0);
        if (rc < 0)
        {
            throw map.ReadError(-rc, "pushing onto the queue map failed");
        }
    }

    /// <summary>Removes a key; false when it was not there.</summary>
    internal static bool Delete<TKey>(in BpfMapRef map, TKey key)
        where TKey : unmanaged
    {
        var rc = LibBpf.bpf_map_delete_elem(map.Fd, &key);
        if (rc == -Errno.ENOENT)
        {
            return false;
        }

        return rc >= 0 ? true : throw map.ReadError(-rc, "bpf_map_delete_elem failed");
    }

    /// <summary>One value per possible CPU (index = CPU id), or empty when the key is absent.</summary>
    internal static T[] LookupPerCpu<TKey, T>(in BpfMapRef map, TKey key)
        where TKey : unmanaged
        where T : unmanaged
    {
        RequireLayout<TKey, T>(map, perCpu: true);
        var cpus = PossibleCpus;
        var stride = (int)((map.Info.ValueSize + 7) & ~7u); // the kernel rounds each CPU's slot up to 8 bytes
        var buffer = new byte[stride * cpus];
        int rc;
        fixed (byte* values = buffer)
        {
            rc = LibBpf.bpf_map_lookup_elem(map.Fd, &key, values);
        }

        if (rc == -Errno.ENOENT)
        {
            return [];
        }

        if (rc < 0)
        {
            throw map.ReadError(-rc, "bpf_map_lookup_elem (per-CPU) failed");
        }

        var result = new T[cpus];
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            result[cpu] = Unsafe.ReadUnaligned<T>(ref buffer[cpu * stride]);
        }

        return result;
    }

    internal static IReadOnlyList<(TKey Key, TValue Value)> ReadAll<TKey, TValue>(
        in BpfMapRef map, uint batchSize = DefaultBatchSize)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        RequireLayout<TKey, TValue>(map, perCpu: false);
        var entries = new List<(TKey, TValue)>();
        if (!TryReadBatched(map, entries, batchSize))
        {
            ReadKeyByKey(map, entries);
        }

        return entries;
    }

    /// <summary>False when the map type has no batch support (before anything was read).</summary>
    private static bool TryReadBatched<TKey, TValue>(in BpfMapRef map, List<(TKey, TValue)> entries, uint batchSize)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        var chunk = Math.Clamp(batchSize, 1, Math.Max(1, map.Info.MaxEntries));
        var keys = new TKey[chunk];
        var values = new TValue[chunk];

        // The batch cursor is a key for arrays and a u32 bucket index for hash maps.
        var tokenSize = Math.Max(sizeof(TKey), sizeof(ulong));
        var inBatch = stackalloc byte[tokenSize];
        var outBatch = stackalloc byte[tokenSize];
        var opts = BpfMapBatchOpts.Create();
        var first = true;
        while (true)
        {
            var count = chunk;
            int rc;
            fixed (TKey* k = keys)
            fixed (TValue* v = values)
            {
                rc = LibBpf.bpf_map_lookup_batch(map.Fd, first ? null : inBatch, outBatch, k, v, &count, &opts);
            }

            if (rc < 0 && rc != -Errno.ENOENT)
            {
                if (first && IsBatchUnsupported(-rc))
                {
                    return false;
                }

                if (rc == -Errno.ENOSPC && chunk < map.Info.MaxEntries)
                {
                    // A hash bucket holds more entries than one chunk: retry the same cursor, larger.
                    chunk = Math.Min(chunk * 2, map.Info.MaxEntries);
                    keys = new TKey[chunk];
                    values = new TValue[chunk];
                    continue;
                }

                throw map.ReadError(-rc, "bpf_map_lookup_batch failed");
            }

            for (var i = 0; i < count; i++)
            {
                entries.Add((keys[i], values[i]));
            }

            if (rc == -Errno.ENOENT)
            {
                return true; // end of map; count held the final partial chunk
            }

            new Span<byte>(outBatch, tokenSize).CopyTo(new Span<byte>(inBatch, tokenSize));
            first = false;
        }
    }

    internal static void ReadKeyByKey<TKey, TValue>(in BpfMapRef map, List<(TKey, TValue)> entries)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        TKey current = default;
        TKey next = default;
        var started = false;

        // A map never holds more than max_entries keys; the bound stops a walk that keeps
        // restarting because the program deletes the key we stand on (get_next_key then begins anew).
        for (var step = 0L; step <= map.Info.MaxEntries; step++)
        {
            var rc = LibBpf.bpf_map_get_next_key(map.Fd, started ? &current : null, &next);
            if (rc == -Errno.ENOENT)
            {
                return;
            }

            if (rc < 0)
            {
                throw map.ReadError(-rc, "bpf_map_get_next_key failed");
            }

            TValue value = default;
            rc = LibBpf.bpf_map_lookup_elem(map.Fd, &next, &value);
            if (rc == 0)
            {
                entries.Add((next, value));
            }
            else if (rc != -Errno.ENOENT) // deleted between the two calls: skip it
            {
                throw map.ReadError(-rc, "bpf_map_lookup_elem failed");
            }

            current = next;
            started = true;
        }
    }

    private static bool IsBatchUnsupported(int errno) =>
        errno is Errno.EINVAL or Errno.ENOTSUPP or Errno.EOPNOTSUPP;

    private static void RequireLayout<TKey, TValue>(in BpfMapRef map, bool perCpu)
        where TKey : unmanaged
        where TValue : unmanaged
    {
        if (map.IsPerCpu != perCpu)
        {
            throw map.ReadError(Errno.EINVAL, perCpu
                ? $"map type {map.Info.Type} is not per-CPU; use TryLookup/ReadAll"
                : $"map type {map.Info.Type} is per-CPU; use LookupPerCpu");
        }

        if (sizeof(TKey) != map.Info.KeySize)
        {
            throw map.ReadError(Errno.EINVAL,
                $"key type {typeof(TKey).Name} is {sizeof(TKey)} bytes but the map's key_size is {map.Info.KeySize}");
        }

        if (sizeof(TValue) != map.Info.ValueSize)
        {
            throw map.ReadError(Errno.EINVAL,
                $"value type {typeof(TValue).Name} is {sizeof(TValue)} bytes but the map's value_size is {map.Info.ValueSize}");
        }
    }

    private static int CountPossibleCpus()
    {
        var cpus = LibBpf.libbpf_num_possible_cpus();
        return cpus > 0
            ? cpus
            : throw new BpfStageException(BpfStage.Read, "-", null, -cpus, "libbpf_num_possible_cpus failed");
    }
}
