using k8s;

namespace KernelTruth.NodeSensor.Hosting;

/// <summary>The sensor's link to its cluster: the API client (the caller owns it) and the node it runs on.</summary>
public sealed record SensorCluster(IKubernetes Client, string Node);
