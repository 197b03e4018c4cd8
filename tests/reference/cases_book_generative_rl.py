"""Whole programs from the probabilistic, generative, reinforcement-learning and recommender
parts of deep-learning courses (d2l.ai's recommender-systems and generative chapters,
pytorch.org's tutorials, pytorch/examples), written the way they are written there: VAEs with
the reparameterisation trick, GANs and toy diffusion models, REINFORCE, actor-critic, DQN and
PPO updates with torch.distributions, mixture density networks, Bayes by backprop, Gaussian
processes by hand, distillation and contrastive losses, mixup and cutmix, matrix
factorisation, AutoRec, NeuMF, factorisation machines and EmbeddingBag text classifiers.

Every program starts from `torch.manual_seed` and uses default layer initialisation and
torch's random functions (including torch.distributions' samplers), so ember must reproduce
torch's CPU random streams as well as its values, dtypes and reprs. Ids start with ``gen_``,
``rl_`` or ``rec_``.
"""

from __future__ import annotations

_PRELUDE = """
import math, random, collections
import numpy as np
nn = torch.nn
F = torch.nn.functional
"""


def _case(name: str, body: str) -> tuple[str, str]:
    return name, _PRELUDE + body


CASES: list[tuple[str, str]] = [
    _case("gen_vae_examples", """
torch.manual_seed(1)
class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(64, 32)
        self.fc21 = nn.Linear(32, 4)
        self.fc22 = nn.Linear(32, 4)
        self.fc3 = nn.Linear(4, 32)
        self.fc4 = nn.Linear(32, 64)
    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)
    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std
    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))
    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 64))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar
def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 64), reduction='sum')
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return BCE + KLD
model = VAE()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
data = (torch.rand(32, 1, 8, 8) > 0.5).float()
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(data), batch_size=8,
                                     shuffle=True)
for epoch in range(1, 3):
    model.train()
    train_loss = 0
    for batch_idx, (x,) in enumerate(loader):
        optimizer.zero_grad()
        recon_batch, mu, logvar = model(x)
        loss = loss_function(recon_batch, x, mu, logvar)
        loss.backward()
        train_loss += loss.item()
        optimizer.step()
        if batch_idx % 2 == 0:
            print('Train Epoch: {} [{}/{}]\\tLoss: {:.4f}'.format(
                epoch, batch_idx * len(x), len(loader.dataset), loss.item() / len(x)))
    print('====> Epoch: {} Average loss: {:.4f}'.format(epoch, train_loss / len(loader.dataset)))
model.eval()
with torch.no_grad():
    sample = torch.randn(4, 4)
    sample = model.decode(sample).cpu()
    print(sample.view(4, 1, 8, 8).shape, sample[0, :6])
    recon, mu, logvar = model(data[:2])
    print(mu, logvar.exp().mean())
"""),
    _case("gen_conditional_vae", """
torch.manual_seed(2)
class CVAE(nn.Module):
    def __init__(self, x_dim=16, c_dim=3, z_dim=2, h=24):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(x_dim + c_dim, h), nn.ReLU())
        self.mu = nn.Linear(h, z_dim)
        self.logvar = nn.Linear(h, z_dim)
        self.dec = nn.Sequential(nn.Linear(z_dim + c_dim, h), nn.ReLU(), nn.Linear(h, x_dim))
    def forward(self, x, c):
        h = self.enc(torch.cat([x, c], dim=1))
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return self.dec(torch.cat([z, c], dim=1)), mu, logvar
labels = torch.randint(0, 3, (20,))
c = F.one_hot(labels, num_classes=3).float()
x = torch.randn(20, 16) + labels.unsqueeze(1).float()
model = CVAE()
opt = torch.optim.Adam(model.parameters(), lr=5e-3)
for step in range(6):
    recon, mu, logvar = model(x, c)
    rec = F.mse_loss(recon, x, reduction='sum') / x.size(0)
    kld = torch.mean(-0.5 * torch.sum(1 + logvar - mu ** 2 - logvar.exp(), dim=1), dim=0)
    loss = rec + kld
    opt.zero_grad()
    loss.backward()
    opt.step()
    print(f'step {step} rec {rec.item():.4f} kld {kld.item():.4f}')
with torch.no_grad():
    z = torch.randn(3, 2)
    y = torch.eye(3)
    out = model.dec(torch.cat([z, y], 1))
    print(out.mean(1))
    print(labels, c.dtype, c.sum(0))
"""),
    _case("gen_gan_2d", """
torch.manual_seed(3)
def real_data(n):
    theta = torch.rand(n) * 2 * math.pi
    return torch.stack([torch.cos(theta), torch.sin(theta)], dim=1) * 2 + 0.05 * torch.randn(n, 2)
G = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 2))
D = nn.Sequential(nn.Linear(2, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1))
criterion = nn.BCEWithLogitsLoss()
optD = torch.optim.Adam(D.parameters(), lr=2e-3, betas=(0.5, 0.999))
optG = torch.optim.Adam(G.parameters(), lr=2e-3, betas=(0.5, 0.999))
batch = 32
real_label, fake_label = 1., 0.
for it in range(8):
    D.zero_grad()
    real = real_data(batch)
    label = torch.full((batch,), real_label, dtype=torch.float)
    errD_real = criterion(D(real).view(-1), label)
    errD_real.backward()
    noise = torch.randn(batch, 2)
    fake = G(noise)
    label.fill_(fake_label)
    output = D(fake.detach()).view(-1)
    errD_fake = criterion(output, label)
    errD_fake.backward()
    D_G_z1 = torch.sigmoid(output).mean().item()
    errD = errD_real + errD_fake
    optD.step()
    G.zero_grad()
    label.fill_(real_label)
    output = D(fake).view(-1)
    errG = criterion(output, label)
    errG.backward()
    D_G_z2 = torch.sigmoid(output).mean().item()
    optG.step()
    print('[%d] Loss_D: %.4f Loss_G: %.4f D(G(z)): %.4f / %.4f'
          % (it, errD.item(), errG.item(), D_G_z1, D_G_z2))
with torch.no_grad():
    samples = G(torch.randn(5, 2))
print(samples)
print(samples.norm(dim=1))
"""),
    _case("gen_ddpm_linear_schedule", """
torch.manual_seed(4)
T = 50
betas = torch.linspace(1e-4, 0.02, T)
alphas = 1. - betas
alphas_cumprod = torch.cumprod(alphas, axis=0)
alphas_cumprod_prev = F.pad(alphas_cumprod[:-1], (1, 0), value=1.0)
sqrt_recip_alphas = torch.sqrt(1.0 / alphas)
sqrt_alphas_cumprod = torch.sqrt(alphas_cumprod)
sqrt_one_minus_alphas_cumprod = torch.sqrt(1. - alphas_cumprod)
posterior_variance = betas * (1. - alphas_cumprod_prev) / (1. - alphas_cumprod)
def extract(a, t, x_shape):
    batch_size = t.shape[0]
    out = a.gather(-1, t.cpu())
    return out.reshape(batch_size, *((1,) * (len(x_shape) - 1))).to(t.device)
def q_sample(x_start, t, noise=None):
    if noise is None:
        noise = torch.randn_like(x_start)
    return extract(sqrt_alphas_cumprod, t, x_start.shape) * x_start + \\
        extract(sqrt_one_minus_alphas_cumprod, t, x_start.shape) * noise
class SinusoidalPositionEmbeddings(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim
    def forward(self, time):
        half_dim = self.dim // 2
        embeddings = math.log(10000) / (half_dim - 1)
        embeddings = torch.exp(torch.arange(half_dim) * -embeddings)
        embeddings = time[:, None] * embeddings[None, :]
        return torch.cat((embeddings.sin(), embeddings.cos()), dim=-1)
class Denoiser(nn.Module):
    def __init__(self, dim=2, tdim=8):
        super().__init__()
        self.temb = nn.Sequential(SinusoidalPositionEmbeddings(tdim), nn.Linear(tdim, 32),
                                  nn.GELU())
        self.net = nn.Sequential(nn.Linear(dim + 32, 32), nn.SiLU(), nn.Linear(32, dim))
    def forward(self, x, t):
        return self.net(torch.cat([x, self.temb(t)], dim=-1))
model = Denoiser()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
data = torch.randn(64, 2) * 0.5 + torch.tensor([1.0, -1.0])
for step in range(5):
    t = torch.randint(0, T, (data.shape[0],), device='cpu').long()
    noise = torch.randn_like(data)
    x_noisy = q_sample(data, t, noise)
    loss = F.smooth_l1_loss(noise, model(x_noisy, t.float()))
    opt.zero_grad(); loss.backward(); opt.step()
    print('Loss:', round(loss.item(), 4))
@torch.no_grad()
def p_sample(x, t, t_index):
    betas_t = extract(betas, t, x.shape)
    sqrt_one_minus_alphas_cumprod_t = extract(sqrt_one_minus_alphas_cumprod, t, x.shape)
    sqrt_recip_alphas_t = extract(sqrt_recip_alphas, t, x.shape)
    model_mean = sqrt_recip_alphas_t * (
        x - betas_t * model(x, t.float()) / sqrt_one_minus_alphas_cumprod_t)
    if t_index == 0:
        return model_mean
    posterior_variance_t = extract(posterior_variance, t, x.shape)
    return model_mean + torch.sqrt(posterior_variance_t) * torch.randn_like(x)
x = torch.randn(4, 2)
for i in reversed(range(0, T)):
    x = p_sample(x, torch.full((4,), i, dtype=torch.long), i)
print(x.shape, x.dtype)
result = x
print(alphas_cumprod[[0, 24, 49]], posterior_variance[:3])
"""),
    _case("gen_ddpm_cosine_schedule", """
torch.manual_seed(5)
def cosine_beta_schedule(timesteps, s=0.008):
    steps = timesteps + 1
    x = torch.linspace(0, timesteps, steps)
    alphas_cumprod = torch.cos(((x / timesteps) + s) / (1 + s) * torch.pi * 0.5) ** 2
    alphas_cumprod = alphas_cumprod / alphas_cumprod[0]
    betas = 1 - (alphas_cumprod[1:] / alphas_cumprod[:-1])
    return torch.clip(betas, 0.0001, 0.9999)
def quadratic_beta_schedule(timesteps):
    return torch.linspace(1e-4 ** 0.5, 0.02 ** 0.5, timesteps) ** 2
def sigmoid_beta_schedule(timesteps):
    betas = torch.linspace(-6, 6, timesteps)
    return torch.sigmoid(betas) * (0.02 - 1e-4) + 1e-4
T = 20
for sched in (cosine_beta_schedule, quadratic_beta_schedule, sigmoid_beta_schedule):
    b = sched(T)
    print(sched.__name__, b[:3], b[-1].item(), b.dtype)
betas = cosine_beta_schedule(T).double()
alphas_bar = torch.cumprod(1 - betas, dim=0)
x0 = torch.randn(3, 4, dtype=torch.float64)
t = torch.tensor([0, 10, 19])
a = alphas_bar[t].view(-1, 1)
noise = torch.randn_like(x0)
xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
print(xt)
x0_pred = (xt - (1 - a).sqrt() * noise) / a.sqrt()
print(torch.allclose(x0_pred, x0), (x0_pred - x0).abs().max() < 1e-12)
snr = alphas_bar / (1 - alphas_bar)
print(snr.log()[::5])
"""),
    _case("rl_reinforce", """
torch.manual_seed(6)
random.seed(6)
from torch.distributions import Categorical
class Policy(nn.Module):
    def __init__(self):
        super().__init__()
        self.affine1 = nn.Linear(4, 16)
        self.dropout = nn.Dropout(p=0.6)
        self.affine2 = nn.Linear(16, 2)
        self.saved_log_probs = []
        self.rewards = []
    def forward(self, x):
        x = self.affine1(x)
        x = self.dropout(x)
        x = F.relu(x)
        action_scores = self.affine2(x)
        return F.softmax(action_scores, dim=1)
policy = Policy()
optimizer = torch.optim.Adam(policy.parameters(), lr=1e-2)
eps = np.finfo(np.float32).eps.item()
gamma = 0.99
def select_action(state):
    if isinstance(state, np.ndarray):
        state = torch.from_numpy(state).float()
    state = state.unsqueeze(0)
    probs = policy(state)
    m = Categorical(probs)
    action = m.sample()
    policy.saved_log_probs.append(m.log_prob(action))
    return action.item()
def finish_episode():
    R = 0
    policy_loss = []
    returns = collections.deque()
    for r in policy.rewards[::-1]:
        R = r + gamma * R
        returns.appendleft(R)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    for log_prob, R in zip(policy.saved_log_probs, returns):
        policy_loss.append(-log_prob * R)
    optimizer.zero_grad()
    policy_loss = torch.cat(policy_loss).sum()
    policy_loss.backward()
    optimizer.step()
    del policy.rewards[:]
    del policy.saved_log_probs[:]
    return policy_loss
for episode in range(3):
    state = torch.randn(4)
    actions = []
    for t in range(6):
        action = select_action(state)
        actions.append(action)
        state = state + 0.1 * torch.randn(4) + (0.2 if action else -0.2)
        policy.rewards.append(1.0 - abs(state[0].item()) * 0.1)
    loss = finish_episode()
    print(episode, actions, loss)
"""),
    _case("rl_actor_critic", """
torch.manual_seed(7)
from torch.distributions import Categorical
SavedAction = collections.namedtuple('SavedAction', ['log_prob', 'value'])
class Policy(nn.Module):
    def __init__(self):
        super(Policy, self).__init__()
        self.affine1 = nn.Linear(4, 32)
        self.action_head = nn.Linear(32, 2)
        self.value_head = nn.Linear(32, 1)
        self.saved_actions = []
        self.rewards = []
    def forward(self, x):
        x = F.relu(self.affine1(x))
        action_prob = F.softmax(self.action_head(x), dim=-1)
        state_values = self.value_head(x)
        return action_prob, state_values
model = Policy()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-2)
eps = np.finfo(np.float32).eps.item()
def select_action(state):
    probs, state_value = model(state)
    m = Categorical(probs)
    action = m.sample()
    model.saved_actions.append(SavedAction(m.log_prob(action), state_value))
    return action.item(), m.entropy()
def finish_episode(gamma=0.99):
    R = 0
    saved_actions = model.saved_actions
    policy_losses, value_losses, returns = [], [], []
    for r in model.rewards[::-1]:
        R = r + gamma * R
        returns.insert(0, R)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    for (log_prob, value), R in zip(saved_actions, returns):
        advantage = R - value.item()
        policy_losses.append(-log_prob * advantage)
        value_losses.append(F.smooth_l1_loss(value, torch.tensor([R])))
    optimizer.zero_grad()
    loss = torch.stack(policy_losses).sum() + torch.stack(value_losses).sum()
    loss.backward()
    optimizer.step()
    del model.rewards[:]
    del model.saved_actions[:]
    return loss
for i_episode in range(3):
    state, ep_reward, ents = torch.randn(4), 0, []
    for t in range(1, 8):
        action, ent = select_action(state)
        ents.append(ent)
        state = state * 0.9 + torch.randn(4) * 0.1
        reward = 1.0 if action == int(state[0] > 0) else 0.0
        model.rewards.append(reward)
        ep_reward += reward
    loss = finish_episode()
    print('Episode {}\\tLast reward: {:.2f}\\tloss {:.4f}\\tentropy {:.4f}'.format(
        i_episode, ep_reward, loss.item(), torch.stack(ents).mean().item()))
print(type(loss.grad_fn).__name__, model.value_head.bias.grad.shape)
"""),
    _case("rl_gaussian_policy_gradient", """
torch.manual_seed(8)
from torch.distributions import Normal, Independent
class GaussianPolicy(nn.Module):
    def __init__(self, obs_dim=3, act_dim=2):
        super().__init__()
        self.mu = nn.Sequential(nn.Linear(obs_dim, 16), nn.Tanh(), nn.Linear(16, act_dim))
        self.log_std = nn.Parameter(-0.5 * torch.ones(act_dim))
    def forward(self, obs):
        return Normal(self.mu(obs), self.log_std.exp())
pi = GaussianPolicy()
opt = torch.optim.Adam(pi.parameters(), lr=1e-2)
obs = torch.randn(10, 3)
for it in range(4):
    dist = pi(obs)
    act = dist.sample()
    logp = dist.log_prob(act).sum(axis=-1)
    rew = -((act - obs[:, :2]) ** 2).sum(-1)
    adv = (rew - rew.mean()) / (rew.std() + 1e-8)
    loss = -(logp * adv).mean() - 0.01 * dist.entropy().sum(-1).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    print(f'iter {it}: loss {loss.item():.4f} return {rew.mean().item():.4f}')
d = Independent(Normal(torch.zeros(2), torch.ones(2)), 1)
x = d.rsample((3,))
print(d.batch_shape, d.event_shape, x.shape, d.log_prob(x).shape)
print(dist.stddev, pi.log_std.grad)
tanh_sample = torch.tanh(dist.rsample())
logp_tanh = dist.log_prob(dist.mean).sum(-1)
logp_tanh -= (2 * (math.log(2) - dist.mean - F.softplus(-2 * dist.mean))).sum(axis=1)
print(tanh_sample.shape, logp_tanh[:3])
"""),
    _case("rl_dqn_update", """
torch.manual_seed(9)
random.seed(9)
Transition = collections.namedtuple('Transition', ('state', 'action', 'next_state', 'reward'))
class ReplayMemory(object):
    def __init__(self, capacity):
        self.memory = collections.deque([], maxlen=capacity)
    def push(self, *args):
        self.memory.append(Transition(*args))
    def sample(self, batch_size):
        return random.sample(self.memory, batch_size)
    def __len__(self):
        return len(self.memory)
class DQN(nn.Module):
    def __init__(self, n_observations, n_actions):
        super(DQN, self).__init__()
        self.layer1 = nn.Linear(n_observations, 32)
        self.layer2 = nn.Linear(32, 32)
        self.layer3 = nn.Linear(32, n_actions)
    def forward(self, x):
        x = F.relu(self.layer1(x))
        x = F.relu(self.layer2(x))
        return self.layer3(x)
BATCH_SIZE, GAMMA, EPS_START, EPS_END, EPS_DECAY, TAU, LR = 8, 0.99, 0.9, 0.05, 1000, 0.005, 1e-4
policy_net = DQN(4, 2)
target_net = DQN(4, 2)
target_net.load_state_dict(policy_net.state_dict())
optimizer = torch.optim.AdamW(policy_net.parameters(), lr=LR, amsgrad=True)
memory = ReplayMemory(100)
steps_done = 0
def select_action(state):
    global steps_done
    sample = random.random()
    eps_threshold = EPS_END + (EPS_START - EPS_END) * math.exp(-1. * steps_done / EPS_DECAY)
    steps_done += 1
    if sample > eps_threshold:
        with torch.no_grad():
            return policy_net(state).max(1).indices.view(1, 1)
    return torch.tensor([[random.randrange(2)]], device='cpu', dtype=torch.long)
def optimize_model():
    transitions = memory.sample(BATCH_SIZE)
    batch = Transition(*zip(*transitions))
    non_final_mask = torch.tensor(tuple(map(lambda s: s is not None, batch.next_state)),
                                  dtype=torch.bool)
    non_final_next_states = torch.cat([s for s in batch.next_state if s is not None])
    state_batch = torch.cat(batch.state)
    action_batch = torch.cat(batch.action)
    reward_batch = torch.cat(batch.reward)
    state_action_values = policy_net(state_batch).gather(1, action_batch)
    next_state_values = torch.zeros(BATCH_SIZE)
    with torch.no_grad():
        next_state_values[non_final_mask] = target_net(non_final_next_states).max(1).values
    expected_state_action_values = (next_state_values * GAMMA) + reward_batch
    criterion = nn.SmoothL1Loss()
    loss = criterion(state_action_values, expected_state_action_values.unsqueeze(1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_value_(policy_net.parameters(), 100)
    optimizer.step()
    return loss
state = torch.randn(4).unsqueeze(0)
for t in range(30):
    action = select_action(state)
    observation = state.squeeze(0) + 0.1 * torch.randn(4)
    reward = torch.tensor([1.0 if action.item() == 0 else 0.5])
    next_state = None if t % 7 == 6 else observation.unsqueeze(0)
    memory.push(state, action, next_state, reward)
    state = next_state if next_state is not None else torch.randn(1, 4)
    if len(memory) >= BATCH_SIZE:
        loss = optimize_model()
        if t % 5 == 0:
            print(t, f'{loss.item():.5f}', action)
        target_net_state_dict = target_net.state_dict()
        policy_net_state_dict = policy_net.state_dict()
        for key in policy_net_state_dict:
            target_net_state_dict[key] = (policy_net_state_dict[key] * TAU
                                          + target_net_state_dict[key] * (1 - TAU))
        target_net.load_state_dict(target_net_state_dict)
print(len(memory), steps_done, list(target_net_state_dict)[:2])
print(F.huber_loss(torch.tensor([0.5, 2.0, -3.0]), torch.zeros(3), delta=1.5))
"""),
    _case("rl_ppo_clip", """
torch.manual_seed(10)
from torch.distributions import Categorical
class ActorCritic(nn.Module):
    def __init__(self, obs_dim=4, n_act=3):
        super().__init__()
        self.actor = nn.Sequential(nn.Linear(obs_dim, 32), nn.Tanh(), nn.Linear(32, n_act))
        self.critic = nn.Sequential(nn.Linear(obs_dim, 32), nn.Tanh(), nn.Linear(32, 1))
    def get_action_and_value(self, x, action=None):
        logits = self.actor(x)
        probs = Categorical(logits=logits)
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action), probs.entropy(), self.critic(x)
agent = ActorCritic()
optimizer = torch.optim.Adam(agent.parameters(), lr=2.5e-4, eps=1e-5)
num_steps, gamma, gae_lambda, clip_coef = 16, 0.99, 0.95, 0.2
obs = torch.randn(num_steps, 4)
rewards = torch.rand(num_steps)
dones = torch.zeros(num_steps)
dones[7] = 1
with torch.no_grad():
    actions, logprobs, _, values = agent.get_action_and_value(obs)
    values = values.flatten()
    advantages = torch.zeros_like(rewards)
    lastgaelam = 0
    next_value = 0.0
    for t in reversed(range(num_steps)):
        nextnonterminal = 1.0 - dones[t]
        nextvalues = next_value if t == num_steps - 1 else values[t + 1]
        delta = rewards[t] + gamma * nextvalues * nextnonterminal - values[t]
        advantages[t] = lastgaelam = delta + gamma * gae_lambda * nextnonterminal * lastgaelam
    returns = advantages + values
print(actions, advantages[:4])
b_inds = np.arange(num_steps)
np.random.seed(0)
for epoch in range(2):
    np.random.shuffle(b_inds)
    for start in range(0, num_steps, 8):
        mb_inds = b_inds[start:start + 8]
        _, newlogprob, entropy, newvalue = agent.get_action_and_value(
            obs[mb_inds], actions.long()[mb_inds])
        logratio = newlogprob - logprobs[mb_inds]
        ratio = logratio.exp()
        with torch.no_grad():
            old_approx_kl = (-logratio).mean()
            approx_kl = ((ratio - 1) - logratio).mean()
            clipfrac = ((ratio - 1.0).abs() > clip_coef).float().mean().item()
        mb_advantages = advantages[mb_inds]
        mb_advantages = (mb_advantages - mb_advantages.mean()) / (mb_advantages.std() + 1e-8)
        pg_loss1 = -mb_advantages * ratio
        pg_loss2 = -mb_advantages * torch.clamp(ratio, 1 - clip_coef, 1 + clip_coef)
        pg_loss = torch.max(pg_loss1, pg_loss2).mean()
        v_loss = 0.5 * ((newvalue.view(-1) - returns[mb_inds]) ** 2).mean()
        entropy_loss = entropy.mean()
        loss = pg_loss - 0.01 * entropy_loss + v_loss * 0.5
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(agent.parameters(), 0.5)
        optimizer.step()
        print(f'{pg_loss.item():.4f} {v_loss.item():.4f} {entropy_loss.item():.4f}',
              f'{approx_kl.item():.4f} {old_approx_kl.item():.4f} {clipfrac}')
y_pred, y_true = values.numpy(), returns.numpy()
var_y = np.var(y_true)
explained_var = np.nan if var_y == 0 else 1 - np.var(y_true - y_pred) / var_y
print('explained variance', round(float(explained_var), 4))
"""),
    _case("gen_mixture_density_network", """
torch.manual_seed(11)
class MDN(nn.Module):
    def __init__(self, n_hidden=20, n_gaussians=3):
        super().__init__()
        self.z_h = nn.Sequential(nn.Linear(1, n_hidden), nn.Tanh())
        self.z_pi = nn.Linear(n_hidden, n_gaussians)
        self.z_sigma = nn.Linear(n_hidden, n_gaussians)
        self.z_mu = nn.Linear(n_hidden, n_gaussians)
    def forward(self, x):
        z_h = self.z_h(x)
        pi = F.softmax(self.z_pi(z_h), -1)
        sigma = torch.exp(self.z_sigma(z_h))
        mu = self.z_mu(z_h)
        return pi, sigma, mu
def mdn_loss_fn(pi, sigma, mu, y):
    m = torch.distributions.Normal(loc=mu, scale=sigma)
    log_prob = m.log_prob(y.expand_as(mu))
    return -torch.logsumexp(torch.log(pi) + log_prob, dim=1).mean()
y = torch.linspace(-1, 1, 64).unsqueeze(1)
x = torch.sin(3 * y) + 0.1 * torch.randn_like(y)
model = MDN()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
for epoch in range(20):
    pi, sigma, mu = model(x)
    loss = mdn_loss_fn(pi, sigma, mu, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 5 == 0:
        print(epoch, round(loss.item(), 4))
with torch.no_grad():
    pi, sigma, mu = model(torch.tensor([[0.0], [0.5]]))
    mix = torch.distributions.MixtureSameFamily(torch.distributions.Categorical(probs=pi),
                                                torch.distributions.Normal(mu, sigma))
    s = mix.sample((4,))
    k = torch.multinomial(pi, 1).squeeze(1)
    pick = torch.normal(mu.gather(1, k[:, None]), sigma.gather(1, k[:, None]))
print(s.shape, k, pick.shape)
print(torch.allclose(pi.sum(1), torch.ones(2)), mix.mean.shape)
"""),
    _case("gen_bayes_by_backprop", """
torch.manual_seed(12)
class BayesLinear(nn.Module):
    def __init__(self, in_features, out_features, prior_sigma=1.0):
        super().__init__()
        self.w_mu = nn.Parameter(torch.Tensor(out_features, in_features).uniform_(-0.2, 0.2))
        self.w_rho = nn.Parameter(torch.Tensor(out_features, in_features).uniform_(-5, -4))
        self.b_mu = nn.Parameter(torch.Tensor(out_features).uniform_(-0.2, 0.2))
        self.b_rho = nn.Parameter(torch.Tensor(out_features).uniform_(-5, -4))
        self.prior = torch.distributions.Normal(0, prior_sigma)
        self.log_prior = 0
        self.log_variational_posterior = 0
    def forward(self, x):
        w_sigma = torch.log1p(torch.exp(self.w_rho))
        b_sigma = torch.log1p(torch.exp(self.b_rho))
        w = self.w_mu + w_sigma * torch.randn_like(self.w_mu)
        b = self.b_mu + b_sigma * torch.randn_like(self.b_mu)
        post_w = torch.distributions.Normal(self.w_mu, w_sigma)
        post_b = torch.distributions.Normal(self.b_mu, b_sigma)
        self.log_prior = self.prior.log_prob(w).sum() + self.prior.log_prob(b).sum()
        self.log_variational_posterior = post_w.log_prob(w).sum() + post_b.log_prob(b).sum()
        return F.linear(x, w, b)
class BayesNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = BayesLinear(2, 16)
        self.l2 = BayesLinear(16, 1)
    def forward(self, x):
        return self.l2(torch.relu(self.l1(x)))
    def log_prior(self):
        return self.l1.log_prior + self.l2.log_prior
    def log_variational_posterior(self):
        return self.l1.log_variational_posterior + self.l2.log_variational_posterior
    def sample_elbo(self, x, y, samples=2):
        outputs = torch.zeros(samples, x.shape[0], 1)
        log_priors = torch.zeros(samples)
        log_posts = torch.zeros(samples)
        for i in range(samples):
            outputs[i] = self(x)
            log_priors[i] = self.log_prior()
            log_posts[i] = self.log_variational_posterior()
        nll = F.mse_loss(outputs.mean(0), y, reduction='sum')
        return (log_posts.mean() - log_priors.mean()) / 10 + nll, nll
net = BayesNet()
x = torch.randn(32, 2)
y = (x[:, :1] * 2 - x[:, 1:]).sin()
opt = torch.optim.Adam(net.parameters(), lr=1e-2)
for step in range(5):
    opt.zero_grad()
    loss, nll = net.sample_elbo(x, y)
    loss.backward()
    opt.step()
    print(f'{step}: elbo loss {loss.item():.3f} nll {nll.item():.3f}')
print(net.l1.w_rho.grad.shape, type(net.l1.prior).__name__, net.l1.prior)
with torch.no_grad():
    preds = torch.stack([net(x[:3]) for _ in range(10)])
print(preds.std(0).shape, preds.mean(0).squeeze())
"""),
    _case("gen_gaussian_process", """
torch.manual_seed(13)
torch.set_default_dtype(torch.float64)
def rbf(x1, x2, lengthscale, variance):
    d2 = torch.cdist(x1, x2) ** 2
    return variance * torch.exp(-0.5 * d2 / lengthscale ** 2)
X = torch.linspace(0, 5, 12).unsqueeze(-1)
y = torch.sin(X).squeeze() + 0.1 * torch.randn(12)
log_ls = torch.zeros(1, requires_grad=True)
log_var = torch.zeros(1, requires_grad=True)
log_noise = torch.tensor([-2.0], requires_grad=True)
opt = torch.optim.Adam([log_ls, log_var, log_noise], lr=0.05)
def neg_mll():
    K = rbf(X, X, log_ls.exp(), log_var.exp()) + log_noise.exp() * torch.eye(12)
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y.unsqueeze(-1), L)
    nll = (0.5 * y @ alpha.squeeze() + torch.log(torch.diagonal(L)).sum()
           + 0.5 * 12 * math.log(2 * math.pi))
    return nll, K
for it in range(15):
    opt.zero_grad()
    loss, K = neg_mll()
    loss.backward()
    opt.step()
    if it % 5 == 0:
        print(f'iter {it} nll {loss.item():.4f} ls {log_ls.exp().item():.4f}',
              f'noise {log_noise.exp().item():.4f}')
with torch.no_grad():
    loss, K = neg_mll()
    chol_logdet = 2 * torch.log(torch.linalg.cholesky(K).diagonal()).sum()
    print('logdet check', torch.allclose(torch.logdet(K), chol_logdet))
    Xs = torch.tensor([[0.5], [2.5], [6.0]])
    Ks = rbf(X, Xs, log_ls.exp(), log_var.exp())
    L = torch.linalg.cholesky(K)
    mean = Ks.T @ torch.cholesky_solve(y.unsqueeze(-1), L)
    v = torch.linalg.solve_triangular(L, Ks, upper=False)
    var = log_var.exp() - (v ** 2).sum(0)
    print(mean.squeeze(), var)
    sign, logabsdet = torch.linalg.slogdet(K)
    print(sign, round(logabsdet.item(), 6))
    mvn = torch.distributions.MultivariateNormal(torch.zeros(12), scale_tril=L)
    print(round(-mvn.log_prob(y).item(), 6), round(loss.item(), 6))
    f = mvn.sample((2,))
    print(f.shape, f.dtype)
torch.set_default_dtype(torch.float32)
"""),
    _case("gen_mixup_beta_dirichlet_gamma", """
torch.manual_seed(14)
np.random.seed(14)
def mixup_data(x, y, alpha=1.0):
    lam = np.random.beta(alpha, alpha) if alpha > 0 else 1
    batch_size = x.size()[0]
    index = torch.randperm(batch_size)
    mixed_x = lam * x + (1 - lam) * x[index, :]
    y_a, y_b = y, y[index]
    return mixed_x, y_a, y_b, lam
def mixup_criterion(criterion, pred, y_a, y_b, lam):
    return lam * criterion(pred, y_a) + (1 - lam) * criterion(pred, y_b)
net = nn.Linear(6, 3)
x = torch.randn(8, 6)
y = torch.randint(0, 3, (8,))
mixed_x, y_a, y_b, lam = mixup_data(x, y, 0.4)
loss = mixup_criterion(nn.CrossEntropyLoss(), net(mixed_x), y_a, y_b, lam)
print(round(lam, 6), y_b, f'{loss.item():.4f}')
beta = torch.distributions.Beta(torch.tensor([0.4]), torch.tensor([0.4]))
lam_t = beta.sample()
print(lam_t, lam_t.dtype, beta.mean, beta.variance)
lam2 = torch.distributions.beta.Beta(0.2, 0.2).sample((4,))
print(lam2)
d = torch.distributions.Dirichlet(torch.tensor([0.5, 1.0, 2.0]))
w = d.sample((3,))
print(w, w.sum(-1), d.log_prob(w))
g = torch.distributions.Gamma(torch.tensor([2.0, 0.5]), torch.tensor([1.0, 3.0]))
gs = g.sample((2,))
print(gs, g.log_prob(gs))
r = g.rsample()
print(r.requires_grad, torch._standard_gamma(torch.tensor([1.5, 3.0])))
soft = lam_t * F.one_hot(y_a, 3).float() + (1 - lam_t) * F.one_hot(y_b, 3).float()
print(soft[:2])
print(torch.sum(-soft * F.log_softmax(net(mixed_x), -1), -1).mean())
"""),
    _case("gen_knowledge_distillation", """
torch.manual_seed(15)
class Teacher(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 5))
    def forward(self, x):
        return self.net(x)
teacher = Teacher()
student = nn.Sequential(nn.Linear(10, 8), nn.ReLU(), nn.Linear(8, 5))
x = torch.randn(16, 10)
labels = torch.randint(0, 5, (16,))
T, soft_target_loss_weight, ce_loss_weight = 2, 0.25, 0.75
ce_loss = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(student.parameters(), lr=0.1, momentum=0.9)
teacher.eval()
student.train()
for step in range(4):
    optimizer.zero_grad()
    with torch.no_grad():
        teacher_logits = teacher(x)
    student_logits = student(x)
    soft_targets = nn.functional.softmax(teacher_logits / T, dim=-1)
    soft_prob = nn.functional.log_softmax(student_logits / T, dim=-1)
    soft_targets_loss = (torch.sum(soft_targets * (soft_targets.log() - soft_prob))
                         / soft_prob.size()[0] * (T**2))
    label_loss = ce_loss(student_logits, labels)
    loss = soft_target_loss_weight * soft_targets_loss + ce_loss_weight * label_loss
    loss.backward()
    optimizer.step()
    print(f'step {step}: soft {soft_targets_loss.item():.4f} ce {label_loss.item():.4f}')
kd = nn.KLDivLoss(reduction='batchmean')
a = kd(F.log_softmax(student_logits / T, dim=1), F.softmax(teacher_logits / T, dim=1)) * T * T
b = F.kl_div(F.log_softmax(student_logits / T, dim=1), F.log_softmax(teacher_logits / T, dim=1),
             reduction='batchmean', log_target=True) * T * T
print(a, b)
print(F.kl_div(torch.tensor([[-1.0, -0.5]]), torch.tensor([[0.3, 0.7]]), reduction='none'))
print(F.kl_div(torch.tensor([[-1.0, -0.5]]), torch.tensor([[0.0, 1.0]]), reduction='sum'))
print(F.kl_div(torch.tensor([-1.0, -0.5]), torch.tensor([0.3, 0.7]), reduction='mean'))
cos = nn.CosineEmbeddingLoss()(student_logits, teacher_logits, torch.ones(16))
print(round(cos.item(), 4))
"""),
    _case("gen_simclr_nt_xent", """
torch.manual_seed(16)
def info_nce_loss(features, batch_size, n_views=2, temperature=0.07):
    labels = torch.cat([torch.arange(batch_size) for i in range(n_views)], dim=0)
    labels = (labels.unsqueeze(0) == labels.unsqueeze(1)).float()
    features = F.normalize(features, dim=1)
    similarity_matrix = torch.matmul(features, features.T)
    mask = torch.eye(labels.shape[0], dtype=torch.bool)
    labels = labels[~mask].view(labels.shape[0], -1)
    similarity_matrix = similarity_matrix[~mask].view(similarity_matrix.shape[0], -1)
    positives = similarity_matrix[labels.bool()].view(labels.shape[0], -1)
    negatives = similarity_matrix[~labels.bool()].view(similarity_matrix.shape[0], -1)
    logits = torch.cat([positives, negatives], dim=1)
    labels = torch.zeros(logits.shape[0], dtype=torch.long)
    logits = logits / temperature
    return logits, labels
def nt_xent(z1, z2, tau=0.5):
    z = F.normalize(torch.cat([z1, z2]), dim=-1)
    sim = F.cosine_similarity(z.unsqueeze(1), z.unsqueeze(0), dim=-1) / tau
    n = z1.shape[0]
    sim.masked_fill_(torch.eye(2 * n, dtype=torch.bool), float('-inf'))
    targets = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)])
    return F.cross_entropy(sim, targets)
encoder = nn.Sequential(nn.Linear(12, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 8))
opt = torch.optim.Adam(encoder.parameters(), lr=3e-3, weight_decay=1e-4)
x = torch.randn(6, 12)
for step in range(3):
    v1 = x + 0.1 * torch.randn_like(x)
    v2 = x * (torch.rand_like(x) > 0.2)
    feats = encoder(torch.cat([v1, v2], dim=0))
    logits, labels = info_nce_loss(feats, 6)
    loss = F.cross_entropy(logits, labels)
    loss2 = nt_xent(feats[:6], feats[6:])
    opt.zero_grad()
    (loss + loss2).backward()
    opt.step()
    acc = (logits.argmax(1) == labels).float().mean()
    print(f'{step} info_nce {loss.item():.4f} nt_xent {loss2.item():.4f} top1 {acc.item():.3f}')
print(logits.shape, labels[:4], encoder[1].running_mean[:3], encoder[1].num_batches_tracked)
s = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
print(F.normalize(s, p=2, dim=1), F.normalize(s, p=1, dim=0))
print(torch.cosine_similarity(s, s.flip(0)), F.pairwise_distance(s, s.flip(0)))
"""),
    _case("gen_label_smoothing_focal", """
torch.manual_seed(17)
logits = torch.randn(8, 4, requires_grad=True)
target = torch.randint(0, 4, (8,))
ce = nn.CrossEntropyLoss(label_smoothing=0.1)
l1 = ce(logits, target)
def smooth_ce(logits, target, eps=0.1):
    n = logits.size(-1)
    log_preds = F.log_softmax(logits, dim=-1)
    loss = -log_preds.sum(dim=-1).mean()
    nll = F.nll_loss(log_preds, target)
    return eps * loss / n + (1 - eps) * nll
l2 = smooth_ce(logits, target)
print(l1, l2, torch.allclose(l1, l2))
one_hot = torch.zeros_like(logits).scatter_(1, target.unsqueeze(1), 1)
soft = one_hot * 0.9 + 0.1 / 4
print(F.cross_entropy(logits, soft),
      F.cross_entropy(logits, target, label_smoothing=0.1, reduction='sum'))
w = torch.tensor([1.0, 2.0, 0.5, 1.0])
print(F.cross_entropy(logits, target, weight=w, label_smoothing=0.2))
print(F.cross_entropy(logits, target, ignore_index=2, label_smoothing=0.1))
def focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction='mean'):
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction='none')
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == 'mean':
        loss = loss.mean()
    elif reduction == 'sum':
        loss = loss.sum()
    return loss
boxes = torch.randn(10, requires_grad=True)
tgt = (torch.rand(10) > 0.7).float()
fl = focal_loss(boxes, tgt)
fl.backward()
print(fl, boxes.grad[:4])
def multiclass_focal(logits, target, gamma=2.0):
    logpt = -F.cross_entropy(logits, target, reduction='none')
    pt = torch.exp(logpt)
    return (-((1 - pt) ** gamma) * logpt).mean()
mf = multiclass_focal(logits, target)
mf.backward()
print(mf, logits.grad[:2])
print(F.binary_cross_entropy_with_logits(boxes, tgt, pos_weight=torch.tensor(3.0)))
"""),
    _case("gen_triplet_contrastive", """
torch.manual_seed(18)
embed = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
anchor, positive, negative = torch.randn(5, 8), torch.randn(5, 8), torch.randn(5, 8)
a, p, n = embed(anchor), embed(positive), embed(negative)
triplet = nn.TripletMarginLoss(margin=1.0, p=2)
print(triplet(a, p, n))
print(F.triplet_margin_loss(a, p, n, margin=0.5, swap=True, reduction='none'))
twd = nn.TripletMarginWithDistanceLoss(
    distance_function=lambda x, y: 1.0 - F.cosine_similarity(x, y))
print(twd(a, p, n))
def contrastive_loss(x1, x2, label, margin=2.0):
    d = F.pairwise_distance(x1, x2, keepdim=True)
    return torch.mean((1 - label) * torch.pow(d, 2) +
                      label * torch.pow(torch.clamp(margin - d, min=0.0), 2))
label = torch.randint(0, 2, (5, 1)).float()
cl = contrastive_loss(a, p, label)
cl.backward()
print(cl, embed[0].bias.grad[:4])
y = torch.tensor([1., -1., 1., -1., 1.])
print(nn.MarginRankingLoss(margin=0.1)(a[:, 0], p[:, 0], y))
print(F.hinge_embedding_loss(F.pairwise_distance(a, p), y, margin=1.0))
print(F.cosine_embedding_loss(a, p, y, margin=0.2, reduction='none'))
dist = torch.cdist(a, p)
hardest_pos = dist.diag()
hardest_neg = (dist + torch.eye(5) * 1e6).min(dim=1).values
print(F.relu(hardest_pos - hardest_neg + 0.3).mean(), dist.shape)
print(F.soft_margin_loss(a[:, 0], y), F.multi_margin_loss(a, torch.tensor([0, 1, 2, 3, 0])))
labels = torch.tensor([[0, 2, -1, 0], [3, -1, 0, 0], [1, 2, 3, 0], [0, -1, 1, 1],
                       [2, 1, -1, 3]])
embed.zero_grad()
ml = F.multilabel_margin_loss(embed(anchor), labels, reduction='none')
ml.sum().backward()
print(ml, ml.grad_fn.next_functions[0][0].name(), embed[2].bias.grad)
"""),
    _case("gen_mixup_cutmix", """
torch.manual_seed(19)
np.random.seed(19)
def rand_bbox(size, lam):
    W = size[2]
    H = size[3]
    cut_rat = np.sqrt(1. - lam)
    cut_w = int(W * cut_rat)
    cut_h = int(H * cut_rat)
    cx = np.random.randint(W)
    cy = np.random.randint(H)
    bbx1 = np.clip(cx - cut_w // 2, 0, W)
    bby1 = np.clip(cy - cut_h // 2, 0, H)
    bbx2 = np.clip(cx + cut_w // 2, 0, W)
    bby2 = np.clip(cy + cut_h // 2, 0, H)
    return bbx1, bby1, bbx2, bby2
model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                      nn.Flatten(), nn.Linear(4, 10))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
input = torch.randn(4, 3, 8, 8)
target = torch.randint(0, 10, (4,))
for it in range(3):
    lam = np.random.beta(1.0, 1.0)
    rand_index = torch.randperm(input.size()[0])
    target_a = target
    target_b = target[rand_index]
    bbx1, bby1, bbx2, bby2 = rand_bbox(input.size(), lam)
    mixed = input.clone()
    mixed[:, :, bbx1:bbx2, bby1:bby2] = input[rand_index, :, bbx1:bbx2, bby1:bby2]
    lam = 1 - ((bbx2 - bbx1) * (bby2 - bby1) / (input.size()[-1] * input.size()[-2]))
    output = model(mixed)
    loss = criterion(output, target_a) * lam + criterion(output, target_b) * (1. - lam)
    optimizer.zero_grad(); loss.backward(); optimizer.step()
    box = tuple(int(v) for v in (bbx1, bby1, bbx2, bby2))  # (NumPy 2 reprs np.int64(0))
    print(it, rand_index, box, round(float(lam), 4), f'{loss.item():.4f}')
lam = torch.distributions.Beta(0.4, 0.4).sample()
perm = torch.randperm(4)
x_mix = lam * input + (1 - lam) * input[perm]
y_mix = lam * F.one_hot(target, 10) + (1 - lam) * F.one_hot(target[perm], 10)
print(lam, y_mix.dtype, y_mix.sum(1), x_mix.shape)
out = model(x_mix)
print(F.cross_entropy(out, y_mix).item() > 0,
      torch.sum(-y_mix * F.log_softmax(out, dim=-1), dim=-1).shape)
"""),
    _case("rec_matrix_factorization", """
torch.manual_seed(20)
class MF(nn.Module):
    def __init__(self, num_factors, num_users, num_items, **kwargs):
        super(MF, self).__init__(**kwargs)
        self.P = nn.Embedding(num_embeddings=num_users, embedding_dim=num_factors)
        self.Q = nn.Embedding(num_embeddings=num_items, embedding_dim=num_factors)
        self.user_bias = nn.Embedding(num_users, 1)
        self.item_bias = nn.Embedding(num_items, 1)
    def forward(self, user_id, item_id):
        P_u = self.P(user_id)
        Q_i = self.Q(item_id)
        b_u = self.user_bias(user_id)
        b_i = self.item_bias(item_id)
        outputs = (P_u * Q_i).sum(axis=1) + torch.squeeze(b_u) + torch.squeeze(b_i)
        return outputs.flatten()
num_users, num_items = 10, 12
users = torch.randint(0, num_users, (60,))
items = torch.randint(0, num_items, (60,))
ratings = torch.randint(1, 6, (60,)).float()
dataset = torch.utils.data.TensorDataset(users, items, ratings)
train_iter = torch.utils.data.DataLoader(dataset, batch_size=16, shuffle=True)
net = MF(4, num_users, num_items)
for p in net.parameters():
    nn.init.normal_(p, std=0.01)
loss = nn.MSELoss()
trainer = torch.optim.Adam(net.parameters(), lr=0.02, weight_decay=1e-5)
for epoch in range(4):
    total, n = 0.0, 0
    for u, i, r in train_iter:
        trainer.zero_grad()
        l = loss(net(u, i), r)
        l.backward()
        trainer.step()
        total += l.item() * len(r)
        n += len(r)
    with torch.no_grad():
        rmse = torch.sqrt(((net(users, items) - ratings) ** 2).mean())
    print(f'epoch {epoch + 1}, train loss {total / n:.3f}, rmse {rmse.item():.3f}')
print(net(torch.tensor([0, 1]), torch.tensor([3, 3])))
print(net.P.weight.grad.shape, net.P)
"""),
    _case("rec_autorec", """
torch.manual_seed(21)
class AutoRec(nn.Module):
    def __init__(self, num_hidden, num_users, dropout=0.05):
        super(AutoRec, self).__init__()
        self.encoder = nn.Linear(num_users, num_hidden)
        self.decoder = nn.Linear(num_hidden, num_users)
        self.dropout = nn.Dropout(dropout)
    def forward(self, input):
        hidden = self.dropout(torch.sigmoid(self.encoder(input)))
        pred = self.decoder(hidden)
        if self.training:
            return pred * torch.sign(input)
        else:
            return pred
num_users, num_items = 8, 14
inter = torch.zeros(num_items, num_users)
idx = torch.randint(0, num_items * num_users, (40,))
inter.view(-1)[idx] = torch.randint(1, 6, (40,)).float()
net = AutoRec(6, num_users)
opt = torch.optim.Adam(net.parameters(), lr=0.01, weight_decay=1e-5)
loss_fn = nn.MSELoss(reduction='sum')
loader = torch.utils.data.DataLoader(inter, batch_size=5, shuffle=True)
for epoch in range(3):
    net.train()
    tot = 0.
    for batch in loader:
        opt.zero_grad()
        l = loss_fn(net(batch), batch)
        l.backward()
        opt.step()
        tot += l.item()
    net.eval()
    with torch.no_grad():
        scores = net(inter)
        mask = torch.sign(inter)
        rmse = torch.sqrt(torch.sum(torch.square(mask * (torch.clip(scores, 1, 5) - inter)))
                          / mask.sum())
    print(f'epoch {epoch}: loss {tot:.2f} rmse {rmse.item():.3f}')
print(torch.sign(torch.tensor([-2., 0., 3.])), torch.count_nonzero(inter), inter.nonzero().shape)
"""),
    _case("rec_neumf_bpr", """
torch.manual_seed(22)
random.seed(22)
class NeuMF(nn.Module):
    def __init__(self, num_factors, num_users, num_items, nums_hiddens):
        super(NeuMF, self).__init__()
        self.P = nn.Embedding(num_users, num_factors)
        self.Q = nn.Embedding(num_items, num_factors)
        self.U = nn.Embedding(num_users, num_factors)
        self.V = nn.Embedding(num_items, num_factors)
        layers = []
        in_dim = num_factors * 2
        for num_hiddens in nums_hiddens:
            layers += [nn.Linear(in_dim, num_hiddens), nn.ReLU()]
            in_dim = num_hiddens
        self.mlp = nn.Sequential(*layers)
        self.prediction_layer = nn.Linear(in_dim + num_factors, 1, bias=False)
    def forward(self, user_id, item_id):
        p_mf = self.P(user_id)
        q_mf = self.Q(item_id)
        gmf = p_mf * q_mf
        p_mlp = self.U(user_id)
        q_mlp = self.V(item_id)
        mlp = self.mlp(torch.cat([p_mlp, q_mlp], dim=1))
        con_res = torch.cat([gmf, mlp], dim=1)
        return torch.sigmoid(self.prediction_layer(con_res))
class BPRLoss(nn.Module):
    def forward(self, positive, negative):
        distances = positive - negative
        return -torch.sum(torch.log(torch.sigmoid(distances)), 0, keepdim=True)
class HingeLossbRec(nn.Module):
    def forward(self, positive, negative, margin=1):
        distances = positive - negative
        return torch.sum(torch.relu(margin - distances))
num_users, num_items = 6, 20
pos_items = {u: random.sample(range(num_items), 4) for u in range(num_users)}
triples = []
for u, items in pos_items.items():
    for i in items:
        j = random.randint(0, num_items - 1)
        while j in items:
            j = random.randint(0, num_items - 1)
        triples.append((u, i, j))
data = torch.tensor(triples)
net = NeuMF(4, num_users, num_items, [8, 8])
for p in net.parameters():
    nn.init.normal_(p, 0, 0.01)
opt = torch.optim.Adam(net.parameters(), lr=0.01)
bpr, hinge = BPRLoss(), HingeLossbRec()
for epoch in range(5):
    u, i, j = data[:, 0], data[:, 1], data[:, 2]
    p_pos, p_neg = net(u, i), net(u, j)
    l = bpr(p_pos, p_neg)
    h = hinge(p_pos, p_neg)
    opt.zero_grad()
    (l + 0.1 * h).backward()
    opt.step()
    print(epoch, l, round(h.item(), 4))
with torch.no_grad():
    scores = net(torch.zeros(num_items, dtype=torch.long), torch.arange(num_items)).squeeze()
    topk = torch.topk(scores, k=5)
    hit = sum(int(t) in pos_items[0] for t in topk.indices)
print(topk.indices.shape, hit >= 0, scores.argsort(descending=True)[:5].shape)
"""),
    _case("rec_factorization_machine", """
torch.manual_seed(23)
class FM(nn.Module):
    def __init__(self, field_dims, num_factors):
        super(FM, self).__init__()
        num_inputs = int(sum(field_dims))
        self.embedding = nn.Embedding(num_inputs, num_factors)
        self.fc = nn.Embedding(num_inputs, 1)
        self.linear_layer = nn.Linear(1, 1, bias=True)
        self.offsets = torch.tensor((0, *np.cumsum(field_dims)[:-1]), dtype=torch.long)
    def forward(self, x):
        x = x + self.offsets.unsqueeze(0)
        square_of_sum = torch.sum(self.embedding(x), dim=1) ** 2
        sum_of_square = torch.sum(self.embedding(x) ** 2, dim=1)
        x = self.linear_layer(self.fc(x).sum(1)) \\
            + 0.5 * (square_of_sum - sum_of_square).sum(1, keepdim=True)
        return torch.sigmoid(x)
field_dims = [3, 4, 5]
X = torch.stack([torch.randint(0, d, (32,)) for d in field_dims], dim=1)
y = (X[:, 0] == X[:, 1] % 3).float()
net = FM(field_dims, 6)
print(net.offsets, net.offsets.dtype)
opt = torch.optim.Adam(net.parameters(), lr=0.02)
loss = nn.BCELoss()
for epoch in range(5):
    out = net(X).squeeze(1)
    l = loss(out, y)
    opt.zero_grad()
    l.backward()
    opt.step()
    acc = ((out > 0.5).float() == y).float().mean()
    print(f'epoch {epoch}: loss {l.item():.4f} acc {acc.item():.3f}')
with torch.no_grad():
    print(net(X[:3]).squeeze(1))
"""),
    _case("rec_deepfm", """
torch.manual_seed(24)
class DeepFM(nn.Module):
    def __init__(self, field_dims, num_factors, mlp_dims, drop_rate=0.1):
        super(DeepFM, self).__init__()
        num_inputs = int(sum(field_dims))
        self.embedding = nn.Embedding(num_inputs, num_factors)
        self.fc = nn.Embedding(num_inputs, 1)
        self.linear_layer = nn.Linear(1, 1, bias=True)
        input_dim = self.embed_output_dim = len(field_dims) * num_factors
        mlp = []
        for dim in mlp_dims:
            mlp.append(nn.Linear(input_dim, dim))
            mlp.append(nn.ReLU())
            mlp.append(nn.Dropout(drop_rate))
            input_dim = dim
        mlp.append(nn.Linear(input_dim, 1))
        self.mlp = nn.Sequential(*mlp)
    def forward(self, x):
        embed_x = self.embedding(x)
        square_of_sum = torch.sum(embed_x, dim=1) ** 2
        sum_of_square = torch.sum(embed_x ** 2, dim=1)
        inputs = torch.reshape(embed_x, (-1, self.embed_output_dim))
        x = self.linear_layer(self.fc(x).sum(1)) \\
            + 0.5 * (square_of_sum - sum_of_square).sum(1, keepdims=True) \\
            + self.mlp(inputs)
        return torch.sigmoid(x)
field_dims = [4, 4, 6]
offs = torch.tensor([0, 4, 8])
X = torch.stack([torch.randint(0, d, (40,)) for d in field_dims], dim=1) + offs
y = torch.bernoulli(torch.full((40,), 0.4))
net = DeepFM(field_dims, 4, [16, 8])
print(net.mlp)
opt = torch.optim.SGD(net.parameters(), lr=0.5, momentum=0.5, nesterov=True)
loss = nn.BCELoss()
for epoch in range(5):
    net.train()
    out = net(X).squeeze(-1)
    l = loss(out, y)
    opt.zero_grad()
    l.backward()
    opt.step()
    print(epoch, f'{l.item():.4f}')
net.eval()
with torch.no_grad():
    p = net(X[:4])
print(p.shape, y[:8], (p > 0.5).long().squeeze(1))
"""),
    _case("rec_embedding_bag_text_classification", """
torch.manual_seed(25)
class TextClassificationModel(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_class):
        super(TextClassificationModel, self).__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, sparse=False)
        self.fc = nn.Linear(embed_dim, num_class)
        self.init_weights()
    def init_weights(self):
        initrange = 0.5
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.fc.weight.data.uniform_(-initrange, initrange)
        self.fc.bias.data.zero_()
    def forward(self, text, offsets):
        embedded = self.embedding(text, offsets)
        return self.fc(embedded)
sentences = ['the cat sat', 'a dog ran far away', 'cats and dogs', 'the end', 'far far away land']
labels = [0, 1, 0, 1, 1]
vocab = {w: i for i, w in enumerate(sorted({w for s in sentences for w in s.split()}))}
text_pipeline = lambda x: [vocab[t] for t in x.split()]
def collate_batch(batch):
    label_list, text_list, offsets = [], [], [0]
    for (_label, _text) in batch:
        label_list.append(_label)
        processed_text = torch.tensor(text_pipeline(_text), dtype=torch.int64)
        text_list.append(processed_text)
        offsets.append(processed_text.size(0))
    label_list = torch.tensor(label_list, dtype=torch.int64)
    offsets = torch.tensor(offsets[:-1]).cumsum(dim=0)
    text_list = torch.cat(text_list)
    return label_list, text_list, offsets
model = TextClassificationModel(len(vocab), 8, 2)
criterion = torch.nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=5)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.1)
dataloader = torch.utils.data.DataLoader(list(zip(labels, sentences)), batch_size=2, shuffle=True,
                                         collate_fn=collate_batch)
for epoch in range(1, 3):
    model.train()
    total_acc, total_count = 0, 0
    for idx, (label, text, offsets) in enumerate(dataloader):
        optimizer.zero_grad()
        predicted_label = model(text, offsets)
        loss = criterion(predicted_label, label)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
        optimizer.step()
        total_acc += (predicted_label.argmax(1) == label).sum().item()
        total_count += label.size(0)
        print(epoch, idx, offsets, f'{loss.item():.4f}')
    scheduler.step()
    print('accuracy {:8.3f}'.format(total_acc / total_count), scheduler.get_last_lr())
with torch.no_grad():
    text = torch.tensor(text_pipeline('the dog ran'))
    print(model(text, torch.tensor([0])).argmax(1).item() + 1)
print(model.embedding)
"""),
    _case("rec_embedding_bag_modes", """
torch.manual_seed(26)
bag_sum = nn.EmbeddingBag(10, 3, mode='sum')
bag_max = nn.EmbeddingBag(10, 3, mode='max')
bag_mean = nn.EmbeddingBag.from_pretrained(bag_sum.weight.detach().clone(), mode='mean',
                                           freeze=False)
input = torch.tensor([1, 2, 4, 5, 4, 3, 2, 9])
offsets = torch.tensor([0, 4])
print(bag_sum(input, offsets))
print(bag_max(input, offsets))
print(bag_mean(input, offsets))
print(bag_sum(torch.tensor([[1, 2, 3], [4, 5, 6]])))
w = torch.tensor([0.5, 1.0, 1.0, 2.0, 0.1, 0.2, 0.3, 0.4])
out = bag_sum(input, offsets, per_sample_weights=w)
out.sum().backward()
print(out, bag_sum.weight.grad[:5])
print(F.embedding_bag(input, bag_sum.weight, offsets, mode='mean'))
last = torch.tensor([0, 3, 3, 8])
print(F.embedding_bag(input, bag_sum.weight, last, mode='sum', include_last_offset=True))
pad = nn.EmbeddingBag(10, 3, mode='mean', padding_idx=2)
print(pad(input, offsets), pad.weight[2])
res = torch.embedding_bag(bag_sum.weight, input, offsets, False, 1)
print(type(res).__name__, len(res), res[0], res[1], res[2], res[3])
out, offset2bag, bag_size, max_indices = torch.embedding_bag(bag_max.weight, input, last, False,
                                                             2, False, None, True, 4)
print(out, offset2bag, bag_size, max_indices)
e = nn.Embedding(10, 3, padding_idx=0, max_norm=1.0)
out = e(torch.tensor([[0, 2, 2], [7, 0, 1]]))
print(out.shape, e.weight.norm(dim=1)[:3], e.weight[0])
print(F.embedding(torch.tensor([1, 1]), torch.arange(12.).view(4, 3)))
"""),
    _case("gen_wgan_gradient_penalty", """
torch.manual_seed(27)
G = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Linear(32, 2))
D = nn.Sequential(nn.Linear(2, 32), nn.LeakyReLU(0.2), nn.Linear(32, 32), nn.LeakyReLU(0.2),
                  nn.Linear(32, 1))
opt_g = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.0, 0.9))
opt_d = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.0, 0.9))
def compute_gradient_penalty(D, real_samples, fake_samples):
    alpha = torch.rand(real_samples.size(0), 1)
    interpolates = (alpha * real_samples + ((1 - alpha) * fake_samples)).requires_grad_(True)
    d_interpolates = D(interpolates)
    fake = torch.ones(real_samples.shape[0], 1, requires_grad=False)
    gradients = torch.autograd.grad(outputs=d_interpolates, inputs=interpolates,
                                    grad_outputs=fake, create_graph=True, retain_graph=True,
                                    only_inputs=True)[0]
    gradients = gradients.view(gradients.size(0), -1)
    return ((gradients.norm(2, dim=1) - 1) ** 2).mean()
lambda_gp = 10
for i in range(6):
    real = torch.randn(16, 2) * 0.3 + torch.tensor([2.0, 0.0])
    z = torch.randn(16, 4)
    opt_d.zero_grad()
    fake = G(z)
    gp = compute_gradient_penalty(D, real.data, fake.data)
    d_loss = -torch.mean(D(real)) + torch.mean(D(fake.detach())) + lambda_gp * gp
    d_loss.backward()
    opt_d.step()
    if i % 3 == 0:
        opt_g.zero_grad()
        g_loss = -torch.mean(D(G(z)))
        g_loss.backward()
        opt_g.step()
        print(f'[{i}] D loss: {d_loss.item():.4f} G loss: {g_loss.item():.4f} gp {gp.item():.4f}')
for p in D.parameters():
    p.data.clamp_(-0.01, 0.01)
print(D[0].weight.abs().max(), D[0].weight.grad.abs().max() > 0)
"""),
    _case("gen_realnvp_flow", """
torch.manual_seed(28)
class Coupling(nn.Module):
    def __init__(self, dim, mask, hidden=16):
        super().__init__()
        self.register_buffer('mask', mask)
        self.s = nn.Sequential(nn.Linear(dim, hidden), nn.Tanh(), nn.Linear(hidden, dim), nn.Tanh())
        self.t = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, dim))
    def forward(self, x):
        x_ = x * self.mask
        s = self.s(x_) * (1 - self.mask)
        t = self.t(x_) * (1 - self.mask)
        y = x_ + (1 - self.mask) * (x * torch.exp(s) + t)
        return y, s.sum(dim=1)
    def inverse(self, y):
        y_ = y * self.mask
        s = self.s(y_) * (1 - self.mask)
        t = self.t(y_) * (1 - self.mask)
        return y_ + (1 - self.mask) * ((y - t) * torch.exp(-s))
class RealNVP(nn.Module):
    def __init__(self):
        super().__init__()
        masks = [torch.tensor([1., 0.]), torch.tensor([0., 1.])] * 2
        self.layers = nn.ModuleList([Coupling(2, m) for m in masks])
        self.prior = torch.distributions.MultivariateNormal(torch.zeros(2), torch.eye(2))
    def forward(self, x):
        log_det = torch.zeros(x.shape[0])
        for layer in self.layers:
            x, ld = layer(x)
            log_det += ld
        return x, log_det
    def log_prob(self, x):
        z, log_det = self(x)
        return self.prior.log_prob(z) + log_det
    def sample(self, n):
        z = self.prior.sample((n,))
        for layer in reversed(self.layers):
            z = layer.inverse(z)
        return z
flow = RealNVP()
opt = torch.optim.Adam(flow.parameters(), lr=1e-3)
data = torch.cat([torch.randn(32, 2) * 0.2 + 1, torch.randn(32, 2) * 0.2 - 1])
for step in range(5):
    loss = -flow.log_prob(data).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    print(f'step {step} nll {loss.item():.4f}')
with torch.no_grad():
    x = flow.sample(3)
    z, _ = flow(x)
    print(x.shape, z.shape)
base = torch.distributions.Normal(torch.zeros(2), torch.ones(2))
T = torch.distributions.transforms
td = torch.distributions.TransformedDistribution(base, [T.AffineTransform(1.0, 2.0),
                                                       T.SigmoidTransform()])
v = td.sample((2,))
print(v, td.log_prob(v))
lt = torch.distributions.TransformedDistribution(base, [T.ExpTransform()])
print(lt.log_prob(torch.tensor([1.0, 2.0])),
      torch.distributions.LogNormal(0., 1.).log_prob(torch.tensor([1.0, 2.0])))
"""),
    _case("gen_vq_vae_codebook", """
torch.manual_seed(29)
class VectorQuantizer(nn.Module):
    def __init__(self, num_embeddings, embedding_dim, commitment_cost):
        super(VectorQuantizer, self).__init__()
        self._embedding_dim = embedding_dim
        self._num_embeddings = num_embeddings
        self._embedding = nn.Embedding(self._num_embeddings, self._embedding_dim)
        self._embedding.weight.data.uniform_(-1 / self._num_embeddings, 1 / self._num_embeddings)
        self._commitment_cost = commitment_cost
    def forward(self, inputs):
        inputs = inputs.permute(0, 2, 3, 1).contiguous()
        input_shape = inputs.shape
        flat_input = inputs.view(-1, self._embedding_dim)
        distances = (torch.sum(flat_input ** 2, dim=1, keepdim=True)
                     + torch.sum(self._embedding.weight ** 2, dim=1)
                     - 2 * torch.matmul(flat_input, self._embedding.weight.t()))
        encoding_indices = torch.argmin(distances, dim=1).unsqueeze(1)
        encodings = torch.zeros(encoding_indices.shape[0], self._num_embeddings)
        encodings.scatter_(1, encoding_indices, 1)
        quantized = torch.matmul(encodings, self._embedding.weight).view(input_shape)
        e_latent_loss = F.mse_loss(quantized.detach(), inputs)
        q_latent_loss = F.mse_loss(quantized, inputs.detach())
        loss = q_latent_loss + self._commitment_cost * e_latent_loss
        quantized = inputs + (quantized - inputs).detach()
        avg_probs = torch.mean(encodings, dim=0)
        perplexity = torch.exp(-torch.sum(avg_probs * torch.log(avg_probs + 1e-10)))
        return loss, quantized.permute(0, 3, 1, 2).contiguous(), perplexity, encodings
encoder = nn.Conv2d(1, 4, 3, stride=2, padding=1)
decoder = nn.ConvTranspose2d(4, 1, 4, stride=2, padding=1)
vq = VectorQuantizer(8, 4, 0.25)
params = list(encoder.parameters()) + list(decoder.parameters()) + list(vq.parameters())
opt = torch.optim.Adam(params, lr=1e-2)
x = torch.rand(2, 1, 8, 8)
for step in range(4):
    z = encoder(x)
    vq_loss, q, perplexity, enc = vq(z)
    x_recon = decoder(q)
    recon_error = F.mse_loss(x_recon, x)
    loss = recon_error + vq_loss
    opt.zero_grad(); loss.backward(); opt.step()
    print(f'{step} recon {recon_error.item():.4f} vq {vq_loss.item():.4f}',
          f'ppl {perplexity.item():.3f}')
print(q.shape, enc.sum(0), x_recon.shape)
d = torch.cdist(z.permute(0, 2, 3, 1).reshape(-1, 4), vq._embedding.weight)
print(torch.equal(d.argmin(1), enc.argmax(1)), d.shape)
"""),
    _case("gen_gumbel_softmax_sampling", """
torch.manual_seed(30)
logits = torch.randn(4, 5, requires_grad=True)
y_soft = F.gumbel_softmax(logits, tau=0.5)
y_hard = F.gumbel_softmax(logits, tau=1.0, hard=True)
print(y_soft.sum(-1), y_hard, type(y_hard.grad_fn).__name__)
(y_hard * torch.arange(5.)).sum().backward()
print(logits.grad.shape, logits.grad.abs().sum() > 0)
rc = torch.distributions.RelaxedOneHotCategorical(torch.tensor(0.5), logits=logits.detach())
s = rc.rsample()
print(s.shape, s.sum(-1), rc.log_prob(s).shape)
rb = torch.distributions.RelaxedBernoulli(torch.tensor(0.3), probs=torch.tensor([0.2, 0.8]))
print(rb.rsample((2,)))
def sample_next(logits, temperature=1.0, top_k=None, top_p=None):
    logits = logits / temperature
    if top_k is not None:
        v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
        logits[logits < v[:, [-1]]] = -float('Inf')
    if top_p is not None:
        sorted_logits, sorted_indices = torch.sort(logits, descending=True)
        cumulative_probs = torch.cumsum(F.softmax(sorted_logits, dim=-1), dim=-1)
        sorted_indices_to_remove = cumulative_probs > top_p
        sorted_indices_to_remove[..., 1:] = sorted_indices_to_remove[..., :-1].clone()
        sorted_indices_to_remove[..., 0] = 0
        indices_to_remove = sorted_indices_to_remove.scatter(1, sorted_indices,
                                                             sorted_indices_to_remove)
        logits = logits.masked_fill(indices_to_remove, float('-inf'))
    probs = F.softmax(logits, dim=-1)
    return torch.multinomial(probs, num_samples=1), probs
lm = nn.Sequential(nn.Embedding(12, 8), nn.Flatten(), nn.Linear(8 * 3, 12))
idx = torch.randint(0, 12, (2, 3))
with torch.no_grad():
    for _ in range(5):
        logits_next = lm(idx[:, -3:])
        nxt, probs = sample_next(logits_next, temperature=0.8, top_k=4)
        idx = torch.cat((idx, nxt), dim=1)
print(idx)
nxt, probs = sample_next(lm(idx[:, -3:]).detach(), top_p=0.5)
print(nxt, (probs > 0).sum(-1))
print(torch.multinomial(torch.tensor([0.1, 0.0, 0.9]), 4, replacement=True))
print(torch.distributions.Categorical(logits=torch.zeros(3)).sample((6,)))
"""),
    _case("rl_soft_actor_critic_update", """
torch.manual_seed(31)
import copy
from torch.distributions.normal import Normal
LOG_STD_MAX, LOG_STD_MIN = 2, -20
class SquashedGaussianMLPActor(nn.Module):
    def __init__(self, obs_dim, act_dim, hidden, act_limit):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs_dim, hidden), nn.ReLU(),
                                 nn.Linear(hidden, hidden), nn.ReLU())
        self.mu_layer = nn.Linear(hidden, act_dim)
        self.log_std_layer = nn.Linear(hidden, act_dim)
        self.act_limit = act_limit
    def forward(self, obs, deterministic=False, with_logprob=True):
        net_out = self.net(obs)
        mu = self.mu_layer(net_out)
        log_std = self.log_std_layer(net_out)
        log_std = torch.clamp(log_std, LOG_STD_MIN, LOG_STD_MAX)
        std = torch.exp(log_std)
        pi_distribution = Normal(mu, std)
        pi_action = mu if deterministic else pi_distribution.rsample()
        if with_logprob:
            logp_pi = pi_distribution.log_prob(pi_action).sum(axis=-1)
            logp_pi -= (2 * (np.log(2) - pi_action - F.softplus(-2 * pi_action))).sum(axis=1)
        else:
            logp_pi = None
        pi_action = torch.tanh(pi_action)
        return self.act_limit * pi_action, logp_pi
class MLPQFunction(nn.Module):
    def __init__(self, obs_dim, act_dim, hidden):
        super().__init__()
        self.q = nn.Sequential(nn.Linear(obs_dim + act_dim, hidden), nn.ReLU(),
                               nn.Linear(hidden, 1))
    def forward(self, obs, act):
        return torch.squeeze(self.q(torch.cat([obs, act], dim=-1)), -1)
pi = SquashedGaussianMLPActor(3, 2, 16, 1.0)
q1, q2 = MLPQFunction(3, 2, 16), MLPQFunction(3, 2, 16)
q1_targ, q2_targ = copy.deepcopy(q1), copy.deepcopy(q2)
for p in list(q1_targ.parameters()) + list(q2_targ.parameters()):
    p.requires_grad = False
pi_optimizer = torch.optim.Adam(pi.parameters(), lr=1e-3)
q_optimizer = torch.optim.Adam(list(q1.parameters()) + list(q2.parameters()), lr=1e-3)
gamma, alpha, polyak = 0.99, 0.2, 0.995
o, o2 = torch.randn(8, 3), torch.randn(8, 3)
a, r, d = torch.rand(8, 2) * 2 - 1, torch.randn(8), (torch.rand(8) < 0.2).float()
for it in range(3):
    q_optimizer.zero_grad()
    with torch.no_grad():
        a2, logp_a2 = pi(o2)
        q_pi_targ = torch.min(q1_targ(o2, a2), q2_targ(o2, a2))
        backup = r + gamma * (1 - d) * (q_pi_targ - alpha * logp_a2)
    loss_q = ((q1(o, a) - backup) ** 2).mean() + ((q2(o, a) - backup) ** 2).mean()
    loss_q.backward()
    q_optimizer.step()
    for p in list(q1.parameters()) + list(q2.parameters()):
        p.requires_grad = False
    pi_optimizer.zero_grad()
    pi_a, logp_pi = pi(o)
    loss_pi = (alpha * logp_pi - torch.min(q1(o, pi_a), q2(o, pi_a))).mean()
    loss_pi.backward()
    pi_optimizer.step()
    for p in list(q1.parameters()) + list(q2.parameters()):
        p.requires_grad = True
    with torch.no_grad():
        for p, p_targ in zip(q1.parameters(), q1_targ.parameters()):
            p_targ.data.mul_(polyak)
            p_targ.data.add_((1 - polyak) * p.data)
    print(f'{it}: LossQ {loss_q.item():.4f} LossPi {loss_pi.item():.4f}',
          f'LogPi {logp_pi.mean().item():.4f}')
act, _ = pi(o[:2], deterministic=True, with_logprob=False)
print(act.shape, act.abs().max() <= 1, q1_targ.q[0].weight.requires_grad)
"""),
    _case("rl_tabular_q_learning", """
torch.manual_seed(32)
n_states, n_actions = 6, 2
Q = torch.zeros(n_states, n_actions)
alpha, gamma, epsilon = 0.5, 0.9, 0.3
def step(s, a):
    s2 = min(s + 1, n_states - 1) if a == 1 else max(s - 1, 0)
    r = 1.0 if s2 == n_states - 1 else -0.01
    return s2, r, s2 == n_states - 1
returns = []
for episode in range(8):
    s, total = 0, 0.0
    for t in range(20):
        if torch.rand(1).item() < epsilon:
            a = torch.randint(0, n_actions, (1,)).item()
        else:
            a = torch.argmax(Q[s]).item()
        s2, r, done = step(s, a)
        td_target = r + gamma * Q[s2].max() * (not done)
        Q[s, a] += alpha * (td_target - Q[s, a])
        total += r
        s = s2
        if done:
            break
    returns.append(round(total, 2))
print(returns)
print(Q)
print(Q.argmax(dim=1), Q.max(dim=1))
V = torch.zeros(n_states)
P = torch.zeros(n_states, n_actions, n_states)
R = torch.full((n_states, n_actions), -0.01)
for s in range(n_states):
    for a in range(n_actions):
        s2, r, _ = step(s, a)
        P[s, a, s2] = 1.0
        R[s, a] = r
for it in range(30):
    Qv = R + gamma * torch.einsum('sat,t->sa', P, V)
    V_new = Qv.max(dim=1).values
    V_new[-1] = 0
    if torch.max(torch.abs(V_new - V)) < 1e-6:
        break
    V = V_new
print(it, V)
"""),
    _case("gen_dcgan_conditional", """
torch.manual_seed(33)
nz, ngf, ndf, n_classes = 8, 8, 8, 3
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)
class Generator(nn.Module):
    def __init__(self):
        super(Generator, self).__init__()
        self.label_emb = nn.Embedding(n_classes, nz)
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 2, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, 1, 4, 2, 1, bias=False),
            nn.Tanh())
    def forward(self, z, labels):
        z = z * self.label_emb(labels)
        return self.main(z.view(-1, nz, 1, 1))
class Discriminator(nn.Module):
    def __init__(self):
        super(Discriminator, self).__init__()
        self.main = nn.Sequential(
            nn.Conv2d(1 + n_classes, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, 1, 4, 1, 0, bias=False),
            nn.Sigmoid())
    def forward(self, x, labels):
        onehot = F.one_hot(labels, n_classes).float()[:, :, None, None].expand(-1, -1, 8, 8)
        return self.main(torch.cat([x, onehot], 1)).view(-1, 1).squeeze(1)
netG, netD = Generator(), Discriminator()
netG.apply(weights_init)
netD.apply(weights_init)
criterion = nn.BCELoss()
optimizerD = torch.optim.Adam(netD.parameters(), lr=0.0002, betas=(0.5, 0.999))
optimizerG = torch.optim.Adam(netG.parameters(), lr=0.0002, betas=(0.5, 0.999))
fixed_noise = torch.randn(4, nz)
real = torch.rand(6, 1, 8, 8) * 2 - 1
labels = torch.randint(0, n_classes, (6,))
for i in range(3):
    netD.zero_grad()
    label = torch.full((6,), 1., dtype=real.dtype)
    errD_real = criterion(netD(real, labels), label)
    errD_real.backward()
    fake = netG(torch.randn(6, nz), labels)
    label.fill_(0.)
    errD_fake = criterion(netD(fake.detach(), labels), label)
    errD_fake.backward()
    optimizerD.step()
    netG.zero_grad()
    label.fill_(1.)
    errG = criterion(netD(fake, labels), label)
    errG.backward()
    optimizerG.step()
    print('[%d] Loss_D: %.4f Loss_G: %.4f' % (i, (errD_real + errD_fake).item(), errG.item()))
with torch.no_grad():
    out = netG(fixed_noise, torch.arange(4) % n_classes)
print(out.shape, netG.main[1].running_var[:3], netG.main[1].num_batches_tracked)
print(netD)
"""),
    _case("gen_beta_vae_bernoulli", """
torch.manual_seed(34)
from torch.distributions import Normal, Bernoulli, kl_divergence, Independent
enc = nn.Sequential(nn.Linear(12, 16), nn.Softplus(), nn.Linear(16, 2 * 3))
dec = nn.Sequential(nn.Linear(3, 16), nn.Softplus(), nn.Linear(16, 12))
opt = torch.optim.RMSprop(list(enc.parameters()) + list(dec.parameters()), lr=1e-3)
x = torch.bernoulli(torch.full((10, 12), 0.3))
beta = 4.0
prior = Normal(torch.zeros(3), torch.ones(3))
for step in range(4):
    mu, log_sigma = enc(x).chunk(2, dim=-1)
    q = Normal(mu, log_sigma.exp())
    z = q.rsample()
    px = Independent(Bernoulli(logits=dec(z)), 1)
    rec = px.log_prob(x)
    kl = kl_divergence(q, prior).sum(-1)
    elbo = (rec - beta * kl).mean()
    opt.zero_grad()
    (-elbo).backward()
    opt.step()
    print(f'step {step}: rec {rec.mean().item():.3f} kl {kl.mean().item():.4f}')
print(kl_divergence(Normal(0., 1.), Normal(1., 2.)))
print(kl_divergence(Bernoulli(torch.tensor([0.2, 0.5])), Bernoulli(torch.tensor([0.4, 0.5]))))
print(kl_divergence(torch.distributions.Categorical(probs=torch.tensor([0.2, 0.8])),
                    torch.distributions.Categorical(logits=torch.tensor([0.0, 1.0]))))
print(px.base_dist.probs.shape, px.mean.shape, px.sample().dtype)
iw = torch.stack([Independent(Bernoulli(logits=dec(q.rsample())), 1).log_prob(x)
                  + prior.log_prob(z).sum(-1) - q.log_prob(z).sum(-1) for _ in range(5)])
print(round((torch.logsumexp(iw, 0) - math.log(5)).mean().item(), 3))
"""),
    _case("gen_langevin_energy_model", """
torch.manual_seed(35)
energy = nn.Sequential(nn.Linear(2, 32), nn.SiLU(), nn.Linear(32, 32), nn.SiLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(energy.parameters(), lr=1e-3)
def langevin(x, steps=10, step_size=0.1, noise=0.01):
    x = x.clone().detach().requires_grad_(True)
    for _ in range(steps):
        e = energy(x).sum()
        grad, = torch.autograd.grad(e, x)
        x.data.add_(-step_size * grad + noise * torch.randn_like(x))
        x.data.clamp_(-3, 3)
    return x.detach()
data = torch.randn(32, 2) * 0.5 + 1.0
for it in range(4):
    neg = langevin(torch.rand(32, 2) * 6 - 3)
    e_pos, e_neg = energy(data), energy(neg)
    loss = e_pos.mean() - e_neg.mean() + 0.1 * (e_pos ** 2 + e_neg ** 2).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    print(f'{it}: loss {loss.item():.4f} E+ {e_pos.mean().item():.4f} E- {e_neg.mean().item():.4f}')
x = torch.zeros(3, 2, requires_grad=True)
score = -torch.autograd.grad(energy(x).sum(), x, create_graph=True)[0]
div = sum(torch.autograd.grad(score[:, i].sum(), x, retain_graph=True)[0][:, i] for i in range(2))
print(score.shape, div.shape, score.grad_fn is not None)
def dsm_loss(x, sigma=0.1):
    x = x.requires_grad_(True)
    noise = torch.randn_like(x) * sigma
    xt = x + noise
    s = -torch.autograd.grad(energy(xt).sum(), xt, create_graph=True)[0]
    return 0.5 * ((s + noise / sigma ** 2) ** 2).sum(-1).mean()
l = dsm_loss(data.clone())
l.backward()
print(round(l.item(), 2) > 0, energy[0].weight.grad.shape)
"""),
    _case("rl_a2c_gae_continuous", """
torch.manual_seed(36)
class ActorCritic(nn.Module):
    def __init__(self, obs, act):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(obs, 32), nn.Tanh())
        self.mu = nn.Linear(32, act)
        self.log_std = nn.Parameter(torch.zeros(1, act))
        self.v = nn.Linear(32, 1)
    def forward(self, x):
        h = self.body(x)
        mu = self.mu(h)
        std = self.log_std.exp().expand_as(mu)
        return torch.distributions.Normal(mu, std), self.v(h)
def compute_gae(next_value, rewards, masks, values, gamma=0.99, tau=0.95):
    values = values + [next_value]
    gae = 0
    returns = []
    for step in reversed(range(len(rewards))):
        delta = rewards[step] + gamma * values[step + 1] * masks[step] - values[step]
        gae = delta + gamma * tau * masks[step] * gae
        returns.insert(0, gae + values[step])
    return returns
model = ActorCritic(3, 1)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
state = torch.randn(4, 3)
for update in range(3):
    log_probs, values, rewards, masks, entropy = [], [], [], [], 0
    for _ in range(5):
        dist, value = model(state)
        action = dist.sample()
        next_state = state + 0.1 * action
        reward = -(next_state ** 2).sum(1, keepdim=True)
        done = (next_state.abs() > 2).any(1, keepdim=True).float()
        log_prob = dist.log_prob(action)
        entropy += dist.entropy().mean()
        log_probs.append(log_prob)
        values.append(value)
        rewards.append(reward)
        masks.append(1 - done)
        state = next_state
    _, next_value = model(state)
    returns = compute_gae(next_value, rewards, masks, values)
    log_probs = torch.cat(log_probs)
    returns = torch.cat(returns).detach()
    values = torch.cat(values)
    advantage = returns - values
    actor_loss = -(log_probs * advantage.detach()).mean()
    critic_loss = advantage.pow(2).mean()
    loss = actor_loss + 0.5 * critic_loss - 0.001 * entropy
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(f'{update}: actor {actor_loss.item():.4f} critic {critic_loss.item():.2f} '
          f'entropy {entropy.item():.4f}')
print(returns.shape, model.log_std)
"""),
    _case("rec_ncf_ranking_metrics", """
torch.manual_seed(37)
num_users, num_items, k = 5, 15, 4
P, Q = nn.Embedding(num_users, k), nn.Embedding(num_items, k)
nn.init.normal_(P.weight, std=0.1)
nn.init.normal_(Q.weight, std=0.1)
train = torch.zeros(num_users, num_items, dtype=torch.bool)
test_item = torch.zeros(num_users, dtype=torch.long)
for u in range(num_users):
    items = torch.randperm(num_items)[:5]
    train[u, items[:4]] = True
    test_item[u] = items[4]
opt = torch.optim.SGD(list(P.parameters()) + list(Q.parameters()), lr=0.5)
for epoch in range(10):
    users, pos = train.nonzero(as_tuple=True)
    neg = torch.randint(0, num_items, pos.shape)
    s_pos = (P(users) * Q(pos)).sum(-1)
    s_neg = (P(users) * Q(neg)).sum(-1)
    loss = -F.logsigmoid(s_pos - s_neg).mean()
    opt.zero_grad(); loss.backward(); opt.step()
    if epoch % 3 == 0:
        print(epoch, round(loss.item(), 4))
with torch.no_grad():
    scores = P.weight @ Q.weight.T
    scores[train] = -float('inf')
    ranked = scores.argsort(dim=1, descending=True)
    topk = ranked[:, :5]
    hits = (topk == test_item[:, None]).any(1).float()
    pos_in_rank = (ranked == test_item[:, None]).nonzero()[:, 1]
    ndcg = (1 / torch.log2(pos_in_rank.float() + 2)) * (pos_in_rank < 5)
    auc = ((scores > scores.gather(1, test_item[:, None])) & ~train).sum(1)
print(hits, pos_in_rank, ndcg.mean(), auc)
print(scores.isinf().sum(), torch.topk(scores[0], 3).values.shape)
"""),
    _case("rec_caser_sequence", """
torch.manual_seed(38)
class Caser(nn.Module):
    def __init__(self, num_factors, num_users, num_items, L=5, d=4, d_prime=2, drop_ratio=0.05):
        super(Caser, self).__init__()
        self.P = nn.Embedding(num_users, num_factors)
        self.Q = nn.Embedding(num_items, num_factors)
        self.d_prime, self.d = d_prime, d
        self.conv_v = nn.Conv2d(1, d_prime, (L, 1))
        h = [i + 1 for i in range(L)]
        self.conv_h, self.max_pool = nn.ModuleList(), nn.ModuleList()
        for i in h:
            self.conv_h.append(nn.Conv2d(1, d, (i, num_factors)))
            self.max_pool.append(nn.MaxPool1d(L - i + 1))
        self.fc1_dim_v, self.fc1_dim_h = d_prime * num_factors, d * len(h)
        self.fc = nn.Linear(self.fc1_dim_v + self.fc1_dim_h, num_factors)
        self.Q_prime = nn.Embedding(num_items, num_factors * 2)
        self.b = nn.Embedding(num_items, 1)
        self.dropout = nn.Dropout(drop_ratio)
    def forward(self, user_id, seq, item_id):
        item_embs = torch.unsqueeze(self.Q(seq), 1)
        user_emb = self.P(user_id)
        out, out_h, out_v, out_hs = None, None, None, []
        if self.d_prime:
            out_v = self.conv_v(item_embs)
            out_v = out_v.view(out_v.shape[0], self.fc1_dim_v)
        if self.d:
            for conv, maxp in zip(self.conv_h, self.max_pool):
                conv_out = torch.squeeze(F.relu(conv(item_embs)), axis=3)
                t = maxp(conv_out)
                pool_out = torch.squeeze(t, axis=2)
                out_hs.append(pool_out)
            out_h = torch.cat(out_hs, axis=1)
        out = torch.cat([out_v, out_h], axis=1)
        z = F.relu(self.fc(self.dropout(out)))
        x = torch.cat([z, user_emb], axis=1)
        q_prime_i = torch.squeeze(self.Q_prime(item_id))
        b = torch.squeeze(self.b(item_id))
        res = (x * q_prime_i).sum(1) + b
        return res
net = Caser(6, 4, 12)
users = torch.randint(0, 4, (8,))
seqs = torch.randint(0, 12, (8, 5))
pos, neg = torch.randint(0, 12, (8,)), torch.randint(0, 12, (8,))
opt = torch.optim.Adam(net.parameters(), lr=0.01)
for epoch in range(3):
    l = -torch.log(torch.sigmoid(net(users, seqs, pos) - net(users, seqs, neg)) + 1e-8).mean()
    opt.zero_grad(); l.backward(); opt.step()
    print(epoch, f'{l.item():.4f}')
net.eval()
print(net(users[:2], seqs[:2], pos[:2]).shape, net.conv_h[2])
"""),
]
