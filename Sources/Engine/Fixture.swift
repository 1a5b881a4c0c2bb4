/// A set-up declared once and shared by every test written against it, as
/// kselftest's FIXTURE and FIXTURE_SETUP: the test body starts from the state
/// the set-up returns, and the requirements of the set-up are the test's.
/// A fixture that starts from the module stack declares it (`stack`), and
/// the stack is loaded before the set-up runs.
/// Teardown is one for all fixtures: the context closes what is still open,
/// newest first, and the restorer puts modules, binding and mode back.
struct Fixture<State>: Sendable {
    let stack: ModuleStack?
    let needs: [Requirement]
    let setUp: @Sendable (ScenarioContext) throws(ScenarioStop) -> State

    init(stack: ModuleStack? = nil, needs: [Requirement],
         _ setUp: @escaping @Sendable (ScenarioContext) throws(ScenarioStop) -> State) {
        self.stack = stack
        self.needs = needs
        self.setUp = setUp
    }

    /// A fixture that starts from this one's state and goes further.
    func then<Next>(needs more: [Requirement] = [],
                    _ next: @escaping @Sendable (ScenarioContext, State) throws(ScenarioStop) -> Next) -> Fixture<Next> {
        let setUp = setUp
        return Fixture<Next>(stack: stack, needs: needs + more) { s throws(ScenarioStop) in try next(s, try setUp(s)) }
    }

    /// kselftest's TEST_F: a scenario whose body runs on this fixture's state.
    func test(_ name: String, _ summary: String, detail: String, needs more: [Requirement] = [],
              _ body: @escaping @Sendable (ScenarioContext, State) throws(ScenarioStop) -> Void) -> Scenario {
        let setUp = setUp, stack = stack
        return Scenario(name, summary, detail: detail, stack: stack, needs: needs + more) { s throws(ScenarioStop) in
            if let stack { try s.loadStack(stack) }
            try body(s, try setUp(s))
        }
    }
}
