/// Where a module stands in the running kernel, as /sys/module reports it.
public enum ModuleState: String, Sendable {
    case live, coming, going, builtin, absent
}
